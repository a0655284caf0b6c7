/**
 * Pass 1, fault domain (Wahbe et al.'s data segment). The extension's own linear memory is the
 * runtime's `__sfi_heap` (an Int32Array of `heapSize` elements, a power of two); `heap[i]` is the
 * only way to reach it (the analysis refuses a heap that escapes as a value). Every access is
 * rewritten:
 *  - "mask" (Wahbe's *sandboxing*): `heap[(i) & (size-1)]`. Any index lands inside the
 *    segment; a wild store wraps round instead of trapping. No branch, no call.
 *  - "check" (Wahbe's *checking*): `heap[((__sfi_i = i) >>> 0) === __sfi_i && __sfi_i < size ?
 *    __sfi_i : __sfi_hoob(__sfi_i, site, store)]`: an index that is not an integer in
 *    [0, size) traps with `sfi: heap store out of bounds (index …, heap …) at file.ts:l:c`.
 * `heapLoads: false` confines stores only (Wahbe's cheaper store-only variant: loads can read
 * anywhere, which in JS means `undefined` outside the array, never another extension's data).
 */
import ts from "../../typescript.js";
import { isExpressionWrapper } from "../../expression-wrappers.js";
import { callRuntime, count, like, num, visitValues, type RewriteContext } from "../context.js";

export function heapPass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  const { heapMode, heapLoads, heapSize } = ctx.options;
  return (tctx) => {
    const f = tctx.factory;
    const targets = new Set<ts.Node>();
    const markTargets = (e: ts.Expression): void => {
      targets.add(e);
      if (isExpressionWrapper(e)) markTargets(e.expression);
      else if (ts.isArrayLiteralExpression(e))
        e.elements.forEach((x) => markTargets(ts.isSpreadElement(x) ? x.expression : x));
      else if (ts.isObjectLiteralExpression(e)) {
        for (const p of e.properties) {
          if (ts.isPropertyAssignment(p)) markTargets(p.initializer);
          else if (ts.isSpreadAssignment(p)) markTargets(p.expression);
        }
      } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) markTargets(e.left);
    };
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
      )
        markTargets(node.left);
      if (
        (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
      )
        markTargets(node.operand);
      if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer))
        markTargets(node.initializer);
      if (
        ts.isElementAccessExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === "__sfi_heap"
      ) {
        const store = targets.has(node);
        const index = ts.visitNode(node.argumentExpression, visit) as ts.Expression;
        if (!store && !heapLoads) return f.updateElementAccessExpression(node, node.expression, index);
        // A literal index inside the segment needs no check (proved at load time).
        if (ts.isNumericLiteral(index) && Number.isInteger(Number(index.text)) && Number(index.text) < heapSize) {
          count(ctx, "heap.static");
          return f.updateElementAccessExpression(node, node.expression, index);
        }
        count(ctx, store ? "heap.store" : "heap.load");
        let guarded: ts.Expression;
        if (heapMode === "mask") {
          guarded = f.createBinaryExpression(
            f.createParenthesizedExpression(index),
            ts.SyntaxKind.AmpersandToken,
            num(f, heapSize - 1),
          );
        } else {
          const site = ctx.sites.add(node);
          const t = () => f.createIdentifier("__sfi_i");
          const assign = f.createParenthesizedExpression(f.createAssignment(t(), index));
          const isIndex = f.createBinaryExpression(
            f.createBinaryExpression(
              f.createParenthesizedExpression(
                f.createBinaryExpression(assign, ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken, num(f, 0)),
              ),
              ts.SyntaxKind.EqualsEqualsEqualsToken,
              t(),
            ),
            ts.SyntaxKind.AmpersandAmpersandToken,
            f.createBinaryExpression(t(), ts.SyntaxKind.LessThanToken, num(f, heapSize)),
          );
          guarded = f.createConditionalExpression(
            isIndex,
            undefined,
            t(),
            undefined,
            callRuntime(f, "__sfi_hoob", [t(), num(f, site), num(f, store ? 1 : 0)]),
          );
        }
        return like(
          f.updateElementAccessExpression(node, node.expression, like(guarded, node.argumentExpression)),
          node,
        );
      }
      return visitValues(node, visit, tctx);
    };
    return (sf) => ts.visitEachChild(sf, visit, tctx);
  };
}
