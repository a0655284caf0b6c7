/**
 * EXERCISE: enum-constant-bomb
 * Class: correct extension refused
 * Tries: nothing hostile at run time: an enum whose members double a 16-character string 17
 *   times. TypeScript folds each member into a constant (its value is computed from the text)
 *   and the transpiler emits it as a string literal: the module's JavaScript is ~4.2 M
 *   characters (strings of 2^4 ... 2^21), from a 40-line enum the verifier accepts
 *   (no-top-level-side-effects allows constants and operators). Typed and sfi load and run it.
 *   The V8 placements build the module's frame in the hardened realm with its own
 *   Array.prototype.join (sandbox/native/native-vm.ts NativeVM.create), and contain10 bounded
 *   that join's RESULT by the realm's string bound (2^21; 2^19 in a server), the guest's bound,
 *   applied here to the kernel's own work: any module longer than the bound (a generated table
 *   of 600 KB would do in a server) fails there. Native: a RangeError of ours escapes as an
 *   internal error, `spin load` exits 70 with our stack trace. Server: the load is refused,
 *   "the server died while evaluating the module: Array.prototype.join making a string longer
 *   than 524288". With 20 doublings (a 32 M-character module) the server's simulation ends
 *   instead: "the simulation stopped before reporting (worker exit code 13); no report", exit 4.
 * Defence: the V8 placements refuse, at load, a module whose JavaScript (with the native
 *   frame) is longer than the realm's string bound, with a diagnostic that says so and what to
 *   do (sandbox/native/native-vm.ts NativeVM.create: `load/dead`, exit 3), before the frame is
 *   joined: the module is one string of the realm, which SES's evaluate scans with the realm's
 *   bounded regexes. Typed and sfi, whose QuickJS has no such bound, run it. Before (redteam9):
 *   native: ESCAPED (kernel): `spin load --mode native` exit 70 with our stack; server:
 *   rejected: load (the server died: "Array.prototype.join making a string longer than 524288").
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
  A16 = A15 + A15,
  A17 = A16 + A16,
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[Big.A17.length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
