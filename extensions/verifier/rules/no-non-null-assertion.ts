import ts from "typescript";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "no-non-null-assertion",
  messages: { nonNull: "non-null assertion '!'; expected an explicit check for null/undefined" },
  why: "`x!` is an unchecked assertion: it removes null/undefined from the type without a run-time test.",
  check(ctx) {
    return (node) => {
      if (ts.isNonNullExpression(node)) ctx.report(node, "nonNull");
    };
  },
});
