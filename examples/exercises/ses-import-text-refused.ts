/**
 * EXERCISE: ses-import-text-refused
 * Class: correct extension refused
 * Tries: a correct extension whose string literal holds the text `import (` (a log line: "see
 *   import (the manual)"), and a regex literal holding `-->`. SES refuses, in the whole text it
 *   evaluates, anything that looks like a dynamic import or an HTML comment, string and regex
 *   literals included (SES_IMPORT_REJECTED, SES_HTML_COMMENT_REJECTED). The fuel rewrite of the
 *   V8 placements drops comments for that reason (extensions/sfi/fuel-only.ts), but not literals.
 * Defence: none needed in typed and sfi. native and server refuse the module at load with
 *   "guest threw SyntaxError: Possible import expression rejected at <file>.js:73", a line of the
 *   wrapped JavaScript the author never wrote, not the literal's place in the TypeScript.
 * Expected: contained: results-valid
 * Expected-native: rejected: load (load/exception)
 * Expected-server: rejected: load (load/exception)
 * Check: results-valid
 *
 * Found by red team 13. Fix: in the rewrite for V8, write such literals so SES cannot see the
 * pattern (a string's `import (` as `import\u0020(`, `<!--` as `<\!--`, a regex's with an escape),
 * or refuse them at the verifier in every placement with the literal's position.
 */
import { defineExtension, kernel } from "spin-kernel/extension";

const arrow = /-->/;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      kernel.log("see import (the manual)");
      const first = args.resident[arrow.test("a") ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
