/**
 * Pass 4, budget (Wasmtime's fuel). `if (--__sfi_fuel < 0) __sfi_nofuel(site);` at the top of
 * every loop body (one unit per iteration, i.e. per back-edge) and of every function body (one
 * unit per entry). The handler wrapper refills `__sfi_fuel` to the invocation's budget; module
 * evaluation starts with one budget too. The count depends only on the extension's control flow,
 * not on QuickJS's tick accounting or on what the interrupt counter carried over from earlier
 * calls, so "fuel exhausted" happens at the same statement on every run.
 */
import ts from "../../typescript.js";
import {
  callRuntime,
  count,
  isFunctionWithBody,
  like,
  num,
  prependToBody,
  visitValues,
  type RewriteContext,
} from "../context.js";

export function fuelPass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  return (tctx) => {
    const f = tctx.factory;
    const check = (at: ts.Node, what: string): ts.Statement => {
      count(ctx, `fuel.${what}`);
      const dec = f.createBinaryExpression(
        f.createPrefixUnaryExpression(ts.SyntaxKind.MinusMinusToken, f.createIdentifier("__sfi_fuel")),
        ts.SyntaxKind.LessThanToken,
        num(f, 0),
      );
      return like(
        f.createIfStatement(
          dec,
          f.createExpressionStatement(callRuntime(f, "__sfi_nofuel", [num(f, ctx.sites.add(at))])),
        ),
        at,
      );
    };
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (ts.isForStatement(node)) {
        const n = visitValues(node, visit, tctx);
        return f.updateForStatement(
          n,
          n.initializer,
          n.condition,
          n.incrementor,
          prependToBody(f, n.statement, check(node, "loop")),
        );
      }
      if (ts.isForOfStatement(node)) {
        const n = visitValues(node, visit, tctx);
        return f.updateForOfStatement(
          n,
          n.awaitModifier,
          n.initializer,
          n.expression,
          prependToBody(f, n.statement, check(node, "loop")),
        );
      }
      if (ts.isForInStatement(node)) {
        const n = visitValues(node, visit, tctx);
        return f.updateForInStatement(
          n,
          n.initializer,
          n.expression,
          prependToBody(f, n.statement, check(node, "loop")),
        );
      }
      if (ts.isWhileStatement(node)) {
        const n = visitValues(node, visit, tctx);
        return f.updateWhileStatement(n, n.expression, prependToBody(f, n.statement, check(node, "loop")));
      }
      if (ts.isDoStatement(node)) {
        const n = visitValues(node, visit, tctx);
        return f.updateDoStatement(n, prependToBody(f, n.statement, check(node, "loop")), n.expression);
      }
      if (isFunctionWithBody(node)) {
        const n = visitValues(node, visit, tctx);
        const body = n.body!;
        const entry = check(node, "entry");
        if (ts.isArrowFunction(n)) {
          const block = ts.isBlock(body)
            ? prependToBody(f, body, entry)
            : f.createBlock([entry, like(f.createReturnStatement(body as ts.Expression), body)], true);
          return f.updateArrowFunction(
            n,
            n.modifiers,
            n.typeParameters,
            n.parameters,
            n.type,
            n.equalsGreaterThanToken,
            block,
          );
        }
        const block = prependToBody(f, body as ts.Block, entry);
        if (ts.isFunctionDeclaration(n))
          return f.updateFunctionDeclaration(
            n,
            n.modifiers,
            n.asteriskToken,
            n.name,
            n.typeParameters,
            n.parameters,
            n.type,
            block,
          );
        if (ts.isFunctionExpression(n))
          return f.updateFunctionExpression(
            n,
            n.modifiers,
            n.asteriskToken,
            n.name,
            n.typeParameters,
            n.parameters,
            n.type,
            block,
          );
        if (ts.isMethodDeclaration(n))
          return f.updateMethodDeclaration(
            n,
            n.modifiers,
            n.asteriskToken,
            n.name,
            n.questionToken,
            n.typeParameters,
            n.parameters,
            n.type,
            block,
          );
        if (ts.isGetAccessorDeclaration(n))
          return f.updateGetAccessorDeclaration(n, n.modifiers, n.name, n.parameters, n.type, block);
        if (ts.isSetAccessorDeclaration(n))
          return f.updateSetAccessorDeclaration(n, n.modifiers, n.name, n.parameters, block);
        if (ts.isConstructorDeclaration(n)) return f.updateConstructorDeclaration(n, n.modifiers, n.parameters, block);
      }
      return visitValues(node, visit, tctx);
    };
    return (sf) => ts.visitEachChild(sf, visit, tctx);
  };
}
