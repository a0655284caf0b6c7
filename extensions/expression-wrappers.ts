/**
 * The syntax that wraps an expression without changing which reference it is: `(e)`, `e as T`,
 * `<T>e`, `e!` and `e satisfies T`. Each may stand as an assignment target (`(s satisfies
 * string) += "b"` writes `s`), so every pass that asks "what does this write?" must look through
 * all of them, not only parentheses: the strings pass once met `satisfies` there with an internal
 * error, exit 70 (red team 12, satisfies-compound-crash), and the SFI analysis missed a rebinding
 * of a name behind `!` (sfi-rebind-direct-call). One list, here, for the verifier and the rewriter.
 */
import ts from "./typescript.js";

export type ExpressionWrapper =
  | ts.ParenthesizedExpression
  | ts.AsExpression
  | ts.TypeAssertion
  | ts.NonNullExpression
  | ts.SatisfiesExpression;

export function isExpressionWrapper(node: ts.Node): node is ExpressionWrapper {
  return (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isSatisfiesExpression(node)
  );
}

/** `e` without the wrappers around it: the reference or value they wrap. */
export function skipExpressionWrappers(e: ts.Expression): ts.Expression {
  let x = e;
  while (isExpressionWrapper(x)) x = x.expression;
  return x;
}
