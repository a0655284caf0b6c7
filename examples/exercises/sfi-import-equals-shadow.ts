/**
 * EXERCISE: sfi-import-equals-shadow
 * Class: SFI evasion
 * Tries: pass control calls a name directly, without the call-table check, when the SFI analysis
 *   (extensions/sfi/analysis.ts) counts it as one of the extension's own top-level functions:
 *   declared once, never assigned. The analysis counts declarations by name, and an
 *   `import f = N.g` (ImportEqualsDeclaration) is not counted: inside `namespace M`, `f` is a
 *   bound function the table does not hold, but `f()` there is emitted as a direct call. SFI
 *   mode only warns about namespaces (no-declare is type-trust); the other placements refuse them.
 * Defence: the SFI analysis counts every form that binds a value name (import-equals, enum, namespace,
 *   class expression) as a declaration: a name bound twice is never called directly, so f() goes
 *   through __sfi_ic, which refuses the bound function. typed, native, server: the verifier (no-
 *   declare). Before (red team 13): sfi ESCAPED (the bound function called with no table check).
 *   Since load-time-namespace's fix (helper verif13), no-top-level-side-effects walks namespace
 *   bodies in sfi too and refuses the call `f.bind(null)` at load, so this file now stops there;
 *   a bound function needs a call to make, and namespace bodies may no longer call, so the
 *   analysis's side (stopped: sfi check, at `f()` in M.run) is asserted without the verifier in
 *   test/sfi/passes.test.ts ("a name bound again by import-equals").
 * Expected: rejected: verifier (no-declare)
 * Expected-sfi: rejected: verifier (no-top-level-side-effects)
 */
import { defineExtension } from "spin-kernel/extension";

function f(): number {
  return 0;
}
namespace N {
  export const g = f.bind(null);
}
namespace M {
  import f = N.g;
  export function run(): number {
    return f();
  }
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[M.run() + f()];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
