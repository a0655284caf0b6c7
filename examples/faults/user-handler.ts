/**
 * A page-fault handler that does nothing but answer: SPIN's fault-handling benchmark, in which the
 * cost measured is that of reaching an extension's handler on a fault and coming back, not what
 * the handler does. One fuel unit (its entry) per call.
 *
 * Run it in each placement (docs/PERFORMANCE.md, "Experiments in simulated time"):
 *   npx spin load examples/faults/user-handler.ts --scenario examples/scenarios/fault-handling.json --mode native
 *   (and --mode typed, sfi, server)
 * Expected `done ms` for the 1,000 faults, i.e. µs per fault: native 29.000 (SPIN: 29 µs, the
 * scenario's calibration), typed and sfi 32.870 (a system call's 4 µs), server 117.870 (an IPC
 * round trip's 89 µs; Mach's external pager measured 415 µs), built-in 28.820.
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  name: "user-handler",
  handlers: {
    "Translation.PageNotPresent": () => ({}),
  },
});
