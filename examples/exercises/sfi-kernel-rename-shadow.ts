/**
 * EXERCISE: sfi-kernel-rename-shadow
 * Class: SFI evasion
 * Tries: with the capability pass, the core pass (extensions/sfi/passes/core.ts) replaces the
 *   imported `kernel` by the runtime's checked kernel (`__sfi_kernel`, whose log traps on an
 *   argument that is not a string) only when no declaration anywhere in the file has that name
 *   (`!a.declared.has(name)`, a set of names, not of scopes). One unrelated parameter called
 *   `kernel` turns the replacement off for the whole file: the handler's `kernel.log(object)`
 *   then goes to the API's kernel unchecked.
 * Defence: sfi: the SFI analysis (extensions/sfi/analysis.ts, sfi/shadowed-import) refuses, at
 *   load and at the declaration, any declaration of a name imported from the API (kernel, log,
 *   defineExtension, heap): the rewriter resolves those names by name, not by scope. typed,
 *   native, server: the verifier (no-type-assertion, `as string`). Before (red team 13): sfi
 *   ESCAPED (low): every call ran and logged "{}" (the API's log writes the object's JSON); without
 *   the `unused` function the same file is "sfi: kernel.log: argument 0 is object, not a string".
 * Expected: rejected: verifier (no-type-assertion)
 * Expected-sfi: rejected: sfi rewrite (sfi/shadowed-import)
 */
import { defineExtension, kernel } from "spin-kernel/extension";

function unused(kernel: number): number {
  return kernel;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const bad: unknown = { toString: () => "x" };
      kernel.log(bad as string);
      const first = args.resident[unused(0)];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
