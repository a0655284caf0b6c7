/**
 * EXERCISE: sfi-kernel-rename-shadow
 * Class: SFI evasion
 * Tries: with the capability pass, the core pass (extensions/sfi/passes/core.ts) replaces the
 *   imported `kernel` by the runtime's checked kernel (`__sfi_kernel`, whose log traps on an
 *   argument that is not a string) only when no declaration anywhere in the file has that name
 *   (`!a.declared.has(name)`, a set of names, not of scopes). One unrelated parameter called
 *   `kernel` turns the replacement off for the whole file: the handler's `kernel.log(object)`
 *   then goes to the API's kernel unchecked.
 * Defence: sfi: the checked kernel should trap (sfi check at the call); typed, native, server: the
 *   type check and no-type-assertion (`as string`).
 * Expected: rejected: verifier (no-type-assertion)
 * Expected-sfi: stopped: sfi check
 *
 * NOW (red team 13, 2026-12-02): sfi runs every call and logs "{}" (the prelude's log writes the
 * object's JSON); without the `unused` function the same file is "sfi: kernel.log: argument 0 is
 * object, not a string". Low: the API's log handles the object safely; it is a check the rewriter
 * meant to insert and silently did not. Fix: resolve the name by scope (the checker's symbol, or
 * a scope walk), or refuse a declaration that shadows an API import in SFI mode.
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
