import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

function isConstType(t: ts.TypeNode): boolean {
  return ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeName.text === "const";
}

export default defineRule({
  id: "no-type-assertion",
  messages: {
    asAssertion:
      "type assertion 'as {{type}}'; expected no assertion (use a typed declaration, 'satisfies' or a type guard)",
    angleAssertion:
      "type assertion '<{{type}}>'; expected no assertion (use a typed declaration, 'satisfies' or a type guard)",
  },
  why: "An assertion tells the checker to trust the author; `x as unknown as Frame` forges a capability. Only `as const` (which narrows, never widens) is allowed.",
  check(ctx) {
    return (node) => {
      if (ts.isAsExpression(node) && !isConstType(node.type)) {
        ctx.report(node, "asAssertion", { type: node.type.getText(ctx.sourceFile) });
      } else if (ts.isTypeAssertionExpression(node) && !isConstType(node.type)) {
        ctx.report(node, "angleAssertion", { type: node.type.getText(ctx.sourceFile) });
      }
    };
  },
});
