/**
 * EXERCISE: ses-import-text-refused
 * Class: correct extension refused
 * Tries: a correct extension whose string literal holds the text `import (` (a log line: "see
 *   import (the manual)"), and a regex literal holding `-->`. SES refuses, in the whole text it
 *   evaluates, anything that looks like a dynamic import or an HTML comment, string and regex
 *   literals included (SES_IMPORT_REJECTED, SES_HTML_COMMENT_REJECTED). The fuel rewrite of the
 *   V8 placements drops comments for that reason (extensions/sfi/fuel-only.ts), but not literals.
 * Defence: none needed in typed and sfi. native and server: before, refused the module at load with
 *   "guest threw SyntaxError: Possible import expression rejected at <file>.js:73", a line of the
 *   wrapped JavaScript the author never wrote, not the literal's place in the TypeScript. Now the
 *   fuel rewrite writes such literals so that SES finds nothing (extensions/sfi/ses-text.ts): a
 *   string as `"see \x69mport (the manual)"`, an untagged template's piece likewise (same value);
 *   a regex literal, whose text is a value (`.source`), as `new __sfi_RegExp("--\x3e", "")`, the
 *   Compartment's RegExp kept by the native frame (same source, flags and matches). What cannot be
 *   escaped without changing a value (a tagged template's raw text) or is not in a literal (a
 *   method named `import`) is refused at load at its TypeScript position, not at a wrapped line.
 * Expected: contained: results-valid
 * Check: results-valid
 *
 * Found by red team 13; fixed as above (test/sfi/ses-text.test.ts, test/sandbox/ses-literals.test.ts).
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
