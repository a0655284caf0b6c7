/**
 * EXERCISE: regex-syntax-v8-refused
 * Class: correct extension refused
 * Tries: regular expression literals that TypeScript, the verifier (no-nonlinear-regexp) and
 *   QuickJS accept and Node 20's V8 does not parse: a modifier group `(?i:ab)` and a capture
 *   group name used twice in two alternatives `(?<d>x)|(?<d>y)` (both ES2025).
 * Defence: none needed in typed and sfi. native and server: before, refused the module at load with
 *   "guest threw SyntaxError: Invalid regular expression: /(?i:ab)c/: Invalid group", with no
 *   position, while the other placements run it. Now the fuel rewrite compiles every regex literal
 *   with the host's V8 at load (extensions/sfi/ses-text.ts, v8LiteralRefusals) and refuses the ones
 *   it cannot compile at their TypeScript position, with V8's reason and what to write instead.
 *   Only these placements refuse them: which regex syntax is accepted is the engine's (a newer V8
 *   accepts both), and the verifier's verdict must not depend on the host's Node.
 * Expected: contained: results-valid
 * Expected-native: rejected: verifier (v8-regexp-syntax)
 * Expected-server: rejected: verifier (v8-regexp-syntax)
 * Check: results-valid
 *
 * Found by red team 13; the V8 placements' refusal positioned as above (test/sfi/ses-text.test.ts).
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
