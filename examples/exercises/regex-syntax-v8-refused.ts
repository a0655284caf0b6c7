/**
 * EXERCISE: regex-syntax-v8-refused
 * Class: correct extension refused
 * Tries: regular expression literals that TypeScript, the verifier (no-nonlinear-regexp) and
 *   QuickJS accept and Node 20's V8 does not parse: a modifier group `(?i:ab)` and a capture
 *   group name used twice in two alternatives `(?<d>x)|(?<d>y)` (both ES2025).
 * Defence: none needed in typed and sfi. native and server refuse the module at load with
 *   "guest threw SyntaxError: Invalid regular expression: /(?i:ab)c/: Invalid group", with no
 *   position, while the other placements run it.
 * Expected: contained: results-valid
 * Expected-native: rejected: load (load/exception)
 * Expected-server: rejected: load (load/exception)
 * Check: results-valid
 *
 * Found by red team 13. Fix: one verdict in every placement: have the verifier refuse the regex
 * syntax the V8 placements cannot compile (or compile each literal with V8's RegExp at check
 * time), at the literal's position.
 */
import { defineExtension } from "spin-kernel/extension";

const caseless = /(?i:ab)c/;
const either = /(?<d>x)|(?<d>y)/;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const at = caseless.test("ABc") && either.test("y") ? 1 : 0;
      const first = args.resident[at % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
