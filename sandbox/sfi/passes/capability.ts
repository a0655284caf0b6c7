/**
 * Pass 2, capability checks. The type checker's opaque `Frame`/`Thread` types are not trusted;
 * instead every handler result is checked at run time, where it leaves the extension:
 *  - each `return e` of a handler written in place in `defineExtension({ handlers: … })` (and a
 *    concise arrow body) becomes `return __sfi_ret(e, site)`: the runtime checks the result
 *    against the capabilities of the *current* event, snapshotted by the handler wrapper before
 *    the handler ran (so the extension cannot add a frame to `args.resident` and return it):
 *    `victim` and `clearReferenced` must be frames of `resident`, `thread` one of `ready`,
 *    `prefetch` at most 64 page numbers, `action` "terminate" or "skip" (tag, owner, range). The
 *    checked value is a fresh copy, so a getter cannot answer differently when the sandbox
 *    serialises it. A failure traps with the return's TypeScript position.
 *  - handlers not written in place (a variable, a shared function) are checked by the wrapper
 *    itself, with the position of the `defineExtension` call.
 *  - kernel calls (`kernel.log`) go through the runtime's kernel, which checks the argument's tag.
 */
import ts from "typescript";
import { callRuntime, count, isFunctionWithBody, like, num, visitValues, type RewriteContext } from "../context.js";

export function capabilityPass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  return (tctx) => {
    const f = tctx.factory;
    const checked = (e: ts.Expression, at: ts.Node): ts.Expression => {
      count(ctx, "capability.return");
      return like(callRuntime(f, "__sfi_ret", [e, num(f, ctx.sites.add(at))]), at);
    };
    // Returns of the handler itself, not of functions nested in it.
    const returns = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (isFunctionWithBody(node)) return visit(node);
      if (ts.isReturnStatement(node) && node.expression !== undefined) {
        const e = ts.visitNode(node.expression, returns) as ts.Expression;
        return f.updateReturnStatement(node, checked(e, node));
      }
      return visitValues(node, returns, tctx);
    };
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      const original = ts.getOriginalNode(node);
      if (isFunctionWithBody(node) && ctx.analysis.handlerLiterals.has(original)) {
        const body = node.body!;
        if (ts.isArrowFunction(node) && !ts.isBlock(body)) {
          const e = ts.visitNode(body, returns) as ts.Expression;
          return f.updateArrowFunction(node, node.modifiers, node.typeParameters, node.parameters, node.type, node.equalsGreaterThanToken, checked(e, body));
        }
        const newBody = ts.visitNode(body, (n) => visitValues(n, returns, tctx)) as ts.Block;
        if (ts.isArrowFunction(node)) return f.updateArrowFunction(node, node.modifiers, node.typeParameters, node.parameters, node.type, node.equalsGreaterThanToken, newBody);
        if (ts.isFunctionExpression(node)) return f.updateFunctionExpression(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, node.parameters, node.type, newBody);
        if (ts.isMethodDeclaration(node)) return f.updateMethodDeclaration(node, node.modifiers, node.asteriskToken, node.name, node.questionToken, node.typeParameters, node.parameters, node.type, newBody);
      }
      return visitValues(node, visit, tctx);
    };
    return (sf) => ts.visitEachChild(sf, visit, tctx);
  };
}
