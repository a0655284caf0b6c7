/**
 * EXERCISE: sfi-string-method-name
 * Class: placement disagreement
 * Tries: nothing hostile: a class method whose name is written as a string literal
 *   (`"next"(): number`), called the ordinary way (`c.next()`). TypeScript and every other
 *   placement accept and run it; sfi's control pass does not put such a method in the
 *   extension's function table, so every call of it is an sfi fault ("indirect call to a function
 *   outside the extension's function table") and the watchdog unloads a correct extension after
 *   10 of them: a policy that behaves differently by placement.
 * Defence: none needed; the finding was the refusal, and its cause was not the string name:
 *   every class was outside sfi's function table (`new Counter()` is an indirect call), and a
 *   class field, which the transpiler defines with Object.defineProperty, hit sfi's taming of
 *   it. Now a class enters the table as it is made (extensions/sfi/passes/control.ts) and a
 *   field the transpiler defines goes through the runtime's __sfi_field (extensions/sfi/
 *   rewrite.ts). Before (06:30 UTC): typed, native: contained: deterministic; sfi: "stopped:
 *   sfi check (at sfi-string-method-name.ts:27:17) ... unloaded: 10 violations".
 * Expected: contained: deterministic
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

class Counter {
  n = 0;
  "next"(): number {
    this.n++;
    return this.n;
  }
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const c = new Counter();
      const first = args.resident[c.next() - 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
