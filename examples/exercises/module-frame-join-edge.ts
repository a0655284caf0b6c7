/**
 * EXERCISE: module-frame-join-edge
 * Class: correct extension refused
 * Tries: enum-constant-bomb's refusal at its edge. NativeVM.create refused a module when its
 *   JavaScript plus the native frame's TEXT (sandbox/guest/native-frame.js, with its markers)
 *   was longer than the realm's string bound (2^21 in native), but the frame it joins is
 *   longer than that text: the `__BINDINGS__;` marker becomes the declaration of every global of
 *   the Compartment (~480 characters more). An enum folded by TypeScript into literals (A0..A15
 *   doubling 16 characters, and B, a sum of them chosen to the 16 characters) makes a module
 *   whose fuel-pass JavaScript is 2,095,564 characters: 158 under the checked bound, ~320 over
 *   it once the bindings are in. The check passed, the frame's join (the realm's bounded
 *   Array.prototype.join, the guest's bound on the kernel's work) threw a RangeError of ours:
 *   `spin load --mode native` exit 70 with our stack. In a server (bound 2^19) the check
 *   refused it, as it does enum-constant-bomb.
 * Defence: the V8 placements count the length of the text they will evaluate (the frame's lines
 *   with the bindings and the module in place, the newlines and the sourceURL line) before
 *   joining anything, and refuse at load a text longer than the realm's string bound
 *   (sandbox/native/native-vm.ts moduleTextLength: `load/dead`, exit 3, what to do). Typed and
 *   sfi, whose QuickJS has no such bound, run it. Before (redteam10): native: ESCAPED (kernel):
 *   exit 70 with our stack; server: rejected: load (load/dead).
 * Expected: contained: results-valid
 * Expected-native: rejected: load
 * Expected-server: rejected: load
 * Check: results-valid
 */
import { defineExtension } from "spin-kernel/extension";

enum Big {
  A0 = "aaaaaaaaaaaaaaaa",
  A1 = A0 + A0,
  A2 = A1 + A1,
  A3 = A2 + A2,
  A4 = A3 + A3,
  A5 = A4 + A4,
  A6 = A5 + A5,
  A7 = A6 + A6,
  A8 = A7 + A7,
  A9 = A8 + A8,
  A10 = A9 + A9,
  A11 = A10 + A10,
  A12 = A11 + A11,
  A13 = A12 + A12,
  A14 = A13 + A13,
  A15 = A14 + A14,
  B = A15 + A14 + A13 + A12 + A11 + A10 + A9 + A8 + A6 + A4 + A3 + A0,
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[Big.B.length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
