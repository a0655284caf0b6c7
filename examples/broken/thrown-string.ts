/**
 * BROKEN ON PURPOSE: a handler that throws a string (not an Error). The sandbox reports what was
 * thrown (type "string", message "oops") as an `exception` violation.
 *
 * Run it:
 *   npx spin load examples/broken/thrown-string.ts --scenario examples/scenarios/textbook.json
 *
 * Expected report: loaded; every invocation is an `exception` violation ("guest threw string:
 * oops") placed at its `throw` (a string carries no stack: the runtime keeps the site of each
 * throw statement, extensions/sfi/passes/throws.ts); the kernel uses the built-in pager each time (15 faults),
 * and after 10 violations the watchdog unloads the extension. The run completes; check OK.
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first !== undefined && first.dirty) return { victim: first.frame };
      // Give up: strings are legal to throw in JavaScript, and TypeScript lets it pass.
      throw "oops";
    },
  },
});
