/**
 * BROKEN ON PURPOSE: a handler that returns a promise that never settles.
 *
 * Handlers are synchronous: for an event with a result (Reclaim, Resume, ...) returning a
 * Promise is a type error (TS2322: Promise<...> is not assignable to the result type). But the
 * notification events (Strand.Block, Strand.Unblock, Strand.Checkpoint) have the result type
 * `void`, and TypeScript lets a function returning anything stand in for one returning void. So
 * an `async` notification handler type-checks, and the sandbox sees its promise at run time.
 * This one awaits a promise nobody ever resolves.
 *
 * Run it:
 *   npx spin load examples/broken/unresolved-promise.ts --scenario examples/scenarios/scan-heavy.json
 *
 * Expected report: loaded; each Strand.Block invocation is an `unresolved-promise` violation ("handler returned a
 * promise that never settled", no source position); a notification's result is ignored
 * anyway, so the run is the same as without the extension. After 10 violations the watchdog
 * unloads the extension. The run completes; check OK.
 */
import { defineExtension } from "spin-kernel/extension";

/** Resolved by nobody: the executor drops its `resolve`. */
function forever(): Promise<void> {
  return new Promise<void>(() => {});
}

export default defineExtension({
  handlers: {
    "Strand.Block": async (args) => {
      if (args.reason === "page-fault") await forever();
    },
  },
});
