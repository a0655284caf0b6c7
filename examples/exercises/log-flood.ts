/**
 * EXERCISE: log-flood
 * Class: log flood
 * Tries: fill the host's memory and the run's log through kernel.log, staying under the
 *   per-invocation host-call limit: 500 lines of 64 KiB on every fault, for every event.
 * Defence: kernel.log is rate- and size-limited: each line is cut at 1,024 characters and a VM
 *   keeps at most 200 lines; the rest are only counted as dropped. The handler itself is valid.
 *   In QuickJS the 32 MiB of template text a call builds is charged (the free allowance is one
 *   per handler call since red team 18), so the budget stops the handler first there.
 * Expected: stopped: budget
 * Expected-native: contained: log-capped
 * Expected-server: contained: log-capped
 * Check: log-capped
 */
import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => {
      const line = "x".repeat(64 * 1024);
      for (let i = 0; i < 500; i++) kernel.log(`${args.vpn} ${line}`);
      return {};
    },
  },
});
