/**
 * EXERCISE: sfi-decorator-refused
 * Class: correct extension refused
 * Tries: a method decorator (TC39 decorators, TypeScript 5) on a class made inside a handler: a
 *   correct extension that typed, native and server run. The transpiler lowers decorators (target
 *   ES2020) to its helpers `__esDecorate` and `__runInitializers`, which call
 *   Object.getOwnPropertyDescriptor and Object.defineProperty; pass control's taming makes both
 *   a trap, and the helpers are emitted after the passes (unlike class fields, whose
 *   defineProperty rewrite.ts's classFields routes to __sfi_field).
 * Defence: none needed in typed, native, server: a correct extension. sfi refuses a decorator at load, at
 *   its place, with what to do (passes/control.ts, sfi/decorator): the transpiler's decorator
 *   helpers define properties, which the control pass refuses. Before (red team 13): sfi faulted
 *   on every call (Object.getOwnPropertyDescriptor is not available in SFI mode), 10 violations,
 *   unloaded.
 * Expected: contained: results-valid
 * Expected-sfi: rejected: sfi rewrite (sfi/decorator)
 * Check: results-valid
 */
import { defineExtension } from "spin-kernel/extension";

function logged(method: (this: unknown, n: number) => number, _context: unknown): (this: unknown, n: number) => number {
  return method;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      class Picker {
        @logged
        pick(n: number): number {
          return n % 2;
        }
      }
      const first = args.resident[new Picker().pick(args.vpn) % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
