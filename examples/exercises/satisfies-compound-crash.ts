/**
 * EXERCISE: satisfies-compound-crash
 * Class: correct extension refused
 * Tries: a compound assignment through a type wrapper, `(s satisfies string) += "b"`, valid
 *   TypeScript that every verifier rule accepts. The strings pass (extensions/sfi/passes/
 *   strings.ts), which checks the length of every concatenation, looked through parentheses
 *   only and threw an internal error on the SatisfiesExpression: `spin check` and `spin load`
 *   exited 70 with our stack, in all four placements (red team 12).
 * Defence: every pass that asks what an expression writes looks through all the wrappers
 *   (extensions/expression-wrappers.ts: parentheses, as, <T>, !, satisfies): the sum is checked
 *   and stored in `s`, `box.p` and `keys[0]`. A construct a pass still has no rule for is
 *   refused at its line as `sfi/unsupported` (a bug to report), never a crash of the CLI.
 * Expected: contained: results-valid
 * Check: results-valid
 */
import { defineExtension } from "spin-kernel/extension";

const box: { p: string } = { p: "p" };
const keys: string[] = ["k"];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let s = "a";
      (s satisfies string) += "b";
      (box.p satisfies string) += s;
      (keys[0] satisfies string | undefined) += s;
      const first = args.resident[(s.length + box.p.length) % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
