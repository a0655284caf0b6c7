/**
 * EXERCISE: sfi-decorator-refused
 * Class: correct extension refused
 * Tries: a method decorator (TC39 decorators, TypeScript 5) on a class made inside a handler: a
 *   correct extension that typed, native and server run. The transpiler lowers decorators (target
 *   ES2020) to its helpers `__esDecorate` and `__runInitializers`, which call
 *   Object.getOwnPropertyDescriptor and Object.defineProperty; pass control's taming makes both
 *   a trap, and the helpers are emitted after the passes (unlike class fields, whose
 *   defineProperty rewrite.ts's classFields routes to __sfi_field).
 * Defence: none needed: a correct extension.
 * Expected: contained: results-valid
 * Check: results-valid
 *
 * NOW (red team 13, 2026-12-02): typed, native, server contained: results-valid; sfi ESCAPED
 * (results-valid): every call is an sfi fault "Object.getOwnPropertyDescriptor is not available
 * in SFI mode", placed at the class (17:5), 10 violations, unloaded. In findings/ so the matrix
 * stays green. Fix: refuse decorators in sfi at load time with a clear sfi/unsupported, or give
 * the helpers the runtime's own descriptor functions as classFields does.
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
