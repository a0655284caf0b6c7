import ts from "../../typescript.js";
import { defineRule } from "../rule.js";
import { isValueReference } from "../util.js";

function isAny(t: ts.Type): boolean {
  return (t.flags & ts.TypeFlags.Any) !== 0;
}

/** `intrinsicName` is internal; the checker's error type is `any` named "error" (TypeScript already reported it). */
function isErrorType(t: ts.Type): boolean {
  return (t as ts.Type & { intrinsicName?: string }).intrinsicName === "error";
}

export default defineRule({
  id: "no-unsafe-any",
  messages: {
    anyValue: "expression of type 'any' ({{text}}); expected it to flow only into a place typed 'unknown'",
  },
  why: "An `any` produced by the library (JSON.parse, Array.isArray narrowing) is as unchecked as an explicit `any`; it must be received as `unknown` and narrowed.",
  check(ctx) {
    const { checker, sourceFile } = ctx;
    return (node) => {
      let inner: ts.Expression | undefined;
      if (
        ts.isCallExpression(node) ||
        ts.isNewExpression(node) ||
        ts.isPropertyAccessExpression(node) ||
        ts.isElementAccessExpression(node) ||
        ts.isAwaitExpression(node)
      ) {
        inner = node.expression;
      } else if (ts.isTaggedTemplateExpression(node)) {
        inner = node.tag;
      } else if (ts.isIdentifier(node)) {
        if (!isValueReference(node) || (node.parent as { name?: ts.Node }).name === node) return;
      } else {
        return;
      }
      const t = checker.getTypeAtLocation(node);
      if (!isAny(t) || isErrorType(t)) return;
      // Report the source of the `any`, not every link of a chain built on it.
      if (
        inner !== undefined &&
        !ts.isCallExpression(node) &&
        !ts.isNewExpression(node) &&
        isAny(checker.getTypeAtLocation(inner))
      )
        return;
      if (inner !== undefined && (ts.isCallExpression(node) || ts.isNewExpression(node))) {
        const callee = checker.getTypeAtLocation(inner);
        if (isAny(callee)) return;
      }
      const contextual = ts.isExpression(node) ? checker.getContextualType(node) : undefined;
      if (contextual !== undefined && (contextual.flags & ts.TypeFlags.Unknown) !== 0) return;
      const text = node.getText(sourceFile);
      ctx.report(node, "anyValue", { text: text.length > 40 ? `${text.slice(0, 37)}...` : text });
    };
  },
});
