/**
 * EXERCISE: sfi-import-equals-shadow
 * Class: SFI evasion
 * Tries: pass control calls a name directly, without the call-table check, when the SFI analysis
 *   (extensions/sfi/analysis.ts) counts it as one of the extension's own top-level functions:
 *   declared once, never assigned. The analysis counts declarations by name, and an
 *   `import f = N.g` (ImportEqualsDeclaration) is not counted: inside `namespace M`, `f` is a
 *   bound function the table does not hold, but `f()` there is emitted as a direct call. SFI
 *   mode only warns about namespaces (no-declare is type-trust); the other placements refuse them.
 * Defence: sfi: none (the call runs). typed, native, server: the verifier (no-declare).
 * Expected: rejected: verifier (no-declare)
 * Expected-sfi: stopped: sfi check
 *
 * NOW (red team 13, 2026-12-02): typed, native, server rejected: verifier (no-declare at 25:11);
 * sfi ESCAPED (the bound function is called with no __sfi_ic; `const h = bound; h()` traps).
 * Kept in findings/, not examples/exercises/, so the branch's matrix stays green. Fix: count
 * ImportEqualsDeclaration names (and enum, namespace and class-expression names) as
 * declarations in the analysis, or resolve names by scope.
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
