/**
 * Pass 2, capability checks. The type checker's opaque `Frame`/`Thread` types are not trusted;
 * instead every handler result is checked at run time, where it leaves the extension: the
 * runtime's result guard (installed in the prelude, runtime.ts) checks every result, returned or
 * settled, against the capabilities of its own invocation, snapshotted before the handler ran
 * (so the extension cannot add a frame to `args.resident` and return it): `victim` and
 * `clearReferenced` must be frames of `resident`, `thread` one of `ready`, `prefetch` at most 64
 * page numbers, `action` "terminate" or "skip" (tag, owner, range). The checked value is a fresh,
 * frozen copy, so a getter cannot answer differently when the sandbox serialises it.
 *
 * This pass adds positions: each `return e` of a handler written in place in
 * `defineExtension({ handlers: … })` (and a concise arrow body) becomes `return __sfi_ret(e,
 * site)` (sync) or `return __sfi_reta(__sfi_t, e, site)` with the invocation's token taken at
 * entry (async), so a failure traps with the return's TypeScript position. Any other result
 * (a handler not written in place, a promise, a generator) is checked by the guard with the
 * position of the `defineExtension` call. Kernel calls (`kernel.log`) go through the runtime's
 * kernel, which checks the argument's tag.
 */
import ts from "../../typescript.js";
import {
  callRuntime,
  count,
  isFunctionWithBody,
  like,
  num,
  visitValues,
  withBody,
  type RewriteContext,
} from "../context.js";

export function capabilityPass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  return (tctx) => {
    const f = tctx.factory;
    // A sync handler's return is checked against the current invocation (`__sfi_ret`). An async
    // handler's return runs after an await, when another invocation may be current: it names the
    // invocation it took at entry (`const __sfi_t = __sfi_tok()`, `__sfi_reta(__sfi_t, e, site)`).
    // Either way the guard checks the result again where it leaves the guest unless it is the very
    // (frozen) copy checked here; these checks only give the trap the return's position.
    const checked = (e: ts.Expression, at: ts.Node, token: ts.Expression | undefined): ts.Expression => {
      count(ctx, "capability.return");
      const site = num(f, ctx.sites.add(at));
      return like(
        token === undefined ? callRuntime(f, "__sfi_ret", [e, site]) : callRuntime(f, "__sfi_reta", [token, e, site]),
        at,
      );
    };
    const tokenName = () => f.createIdentifier("__sfi_t");
    // Returns of the handler itself, not of functions nested in it.
    const returnsOf = (token: ts.Expression | undefined) => {
      const returns = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
        if (isFunctionWithBody(node)) return visit(node);
        if (ts.isReturnStatement(node) && node.expression !== undefined) {
          const e = ts.visitNode(node.expression, returns) as ts.Expression;
          return f.updateReturnStatement(node, checked(e, node, token));
        }
        return visitValues(node, returns, tctx);
      };
      return returns;
    };
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      const original = ts.getOriginalNode(node);
      if (isFunctionWithBody(node) && ctx.analysis.handlerLiterals.has(original)) {
        // A generator's returns never leave the guest (its result is the generator object, which
        // the guard refuses); only its nested functions are visited.
        if ((ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.asteriskToken !== undefined)
          return visitValues(node, visit, tctx);
        const isAsync = (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
        const body = node.body!;
        if (ts.isArrowFunction(node) && !ts.isBlock(body)) {
          const e = ts.visitNode(body, returnsOf(undefined)) as ts.Expression;
          const token = isAsync ? callRuntime(f, "__sfi_tok", []) : undefined;
          return withBody(f, node, checked(e, body, token));
        }
        let newBody = ts.visitNode(body, (n) =>
          visitValues(n, returnsOf(isAsync ? tokenName() : undefined), tctx),
        ) as ts.Block;
        if (isAsync) {
          const take = f.createVariableStatement(
            undefined,
            f.createVariableDeclarationList(
              [f.createVariableDeclaration(tokenName(), undefined, undefined, callRuntime(f, "__sfi_tok", []))],
              ts.NodeFlags.Const,
            ),
          );
          newBody = f.updateBlock(newBody, [take, ...newBody.statements]);
        }
        return withBody(f, node, newBody);
      }
      return visitValues(node, visit, tctx);
    };
    return (sf) => ts.visitEachChild(sf, visit, tctx);
  };
}
