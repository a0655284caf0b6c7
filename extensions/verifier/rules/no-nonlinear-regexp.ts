/**
 * No regular expression literal that V8's linear-time engine cannot run (red team 5).
 *
 * V8 backtracks in native code, without fuel: in the V8 placements a regex like `/(a+)+$/` is
 * bounded only because V8 reruns it in its linear-time engine after a fixed count of backtracks
 * (sandbox/native/linear-regexp.ts); a regex that engine cannot run (a backreference, lookaround,
 * the i/u/v/d flag, a large counted repetition) backtracks until the deadline, and which call
 * reaches it depends on the machine's load. The hardened realm refuses to make such a regex from
 * a string (bounded-strings.ts); this rule refuses the literal at load time, in every placement, so
 * that one extension loads the same in all four (QuickJS's engine polls the budget while it
 * backtracks, so typed and sfi would not need it).
 */
import ts from "../../typescript.js";
import { linearRegExpRefusal } from "../regexp-linearity.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "no-nonlinear-regexp",
  messages: {
    nonLinear:
      "regular expression {{text}} cannot run in linear time ({{reason}}); expected a pattern V8's linear-time engine accepts: no backreference, lookahead, lookbehind, i/u/v/d flag or large counted repetition (write [aA] for a case-insensitive a)",
  },
  why: "V8 backtracks a regex in native code without fuel; one its linear-time engine cannot take over (a backreference, lookaround, the i/u/v/d flag) backtracks until the deadline, a clock that depends on the machine's load (same seed, different bytes).",
  details: `Found by the fifth red team: red team 4's regex clock (\`regex-deadline-clock\`) again, with a
backreference, \`/(a+)+\\1?$/\` over 24 a's and a b, run once more on each call (\`regex-backref-clock\`):
which call first reached the 1000 ms deadline depended on load, so same-seed native runs differed.
V8 bounds a backtracking regex only by rerunning it in its linear-time engine after 50,000
backtracks, and that engine cannot run every regex. Whether it can is asked of V8 itself: the
regex is compiled with the \`l\` flag (linear engine only), which V8 refuses exactly when the same
predicate (\`ExperimentalRegExp::CanBeHandled\`) forbids the fallback, so the rule is exact for the
Node it runs on, not a copy of V8's rules. In the V8 placements the \`RegExp\` an extension gets,
and String's match, matchAll and search of a string pattern, refuse such a pattern at run time
with a \`SyntaxError\` (\`regex-backref-constructor\`). The rule applies in every placement, so that an
extension that loads in one loads in all four, though QuickJS (typed, sfi) polls the budget while
it backtracks.`,
  check(ctx) {
    const { sourceFile } = ctx;
    return (node) => {
      if (node.kind !== ts.SyntaxKind.RegularExpressionLiteral) return;
      const text = node.getText(sourceFile);
      const slash = text.lastIndexOf("/");
      const reason = linearRegExpRefusal(text.slice(1, slash), text.slice(slash + 1));
      if (reason !== undefined)
        ctx.report(node, "nonLinear", { text: text.length > 60 ? `${text.slice(0, 57)}...` : text, reason });
    };
  },
});
