import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "no-non-null-assertion",
  messages: {
    nonNull: "non-null assertion '!'; expected an explicit check for null/undefined",
    definite:
      "definite assignment assertion '{{name}}!'; expected an initializer (the checker would trust that it is assigned before use)",
  },
  why: "`x!` is an unchecked assertion: it removes null/undefined from the type without a run-time test; `let f!: Frame` declares a Frame that is undefined.",
  check(ctx) {
    return (node) => {
      if (ts.isNonNullExpression(node)) ctx.report(node, "nonNull");
      else if (
        (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) &&
        node.exclamationToken !== undefined
      ) {
        ctx.report(node.exclamationToken, "definite", { name: node.name.getText(ctx.sourceFile) });
      }
    };
  },
});
