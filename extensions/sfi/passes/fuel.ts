/**
 * Pass 4, budget (Wasmtime's fuel). `if (--__sfi_fuel < 0) __sfi_nofuel(site);` at the top of
 * every loop body (one unit per iteration, i.e. per back-edge) and of every function body (one
 * unit per entry). The handler wrapper refills `__sfi_fuel` to the invocation's budget; module
 * evaluation starts with one budget too. The count depends only on the extension's control flow,
 * not on QuickJS's tick accounting or on what the interrupt counter carried over from earlier
 * calls, so "fuel exhausted" happens at the same statement on every run.
 */
import ts from "../../typescript.js";
import { MAX_CALL_DEPTH, depthUnits } from "../../../sandbox/call-depth.js";
import { expressionFrameSlots, functionFrameSlots } from "../frame-slots.js";
import {
  callRuntime,
  count,
  isFunctionWithBody,
  like,
  num,
  prependToBody,
  visitValues,
  withBody,
  type RewriteContext,
} from "../context.js";

export interface FuelPassOptions {
  /**
   * Count call depth too (the V8 placements): `if (++__sfi_depth > MAX_CALL_DEPTH)
   * __sfi_deep(site);` at every function entry, the body in `try { … } finally { __sfi_depth--; }`.
   */
  readonly depth?: boolean;
}

export function fuelPass(ctx: RewriteContext, options: FuelPassOptions = {}): ts.TransformerFactory<ts.SourceFile> {
  return (tctx) => {
    const f = tctx.factory;
    /**
     * `block` (entry check first) with the depth count around the rest, when counted: a frame of
     * `slots` slots (frame-slots.ts) counts depthUnits(slots), so that the deepest call allowed
     * fits V8's stack however wide its frames (red team 12's stack-overflow-wide-frames). The
     * `catch` hands anything thrown through this frame to `__sfi_unwind` (the V8 placements'
     * frame, sandbox/guest/native-frame.js), which rethrows it, and ends the guest call as a
     * stack fault when it is V8's own stack overflow: the first guest frame it passes sees it,
     * before a promise's executor or an async function's body could turn it into a rejection.
     */
    const counted = (block: ts.Block, at: ts.Node, counts: boolean, slots: number): ts.Block => {
      if (!options.depth || !counts) return block;
      count(ctx, "depth.entry");
      const units = depthUnits(slots);
      if (units > 1) count(ctx, "depth.wide");
      const site = ctx.sites.add(at);
      const depth = f.createIdentifier("__sfi_depth");
      const [entry, ...rest] = block.statements;
      const deeper = like(
        f.createIfStatement(
          f.createBinaryExpression(
            units === 1
              ? f.createPrefixUnaryExpression(ts.SyntaxKind.PlusPlusToken, depth)
              : f.createParenthesizedExpression(
                  f.createBinaryExpression(depth, ts.SyntaxKind.PlusEqualsToken, num(f, units)),
                ),
            ts.SyntaxKind.GreaterThanToken,
            num(f, MAX_CALL_DEPTH),
          ),
          f.createExpressionStatement(callRuntime(f, "__sfi_deep", [num(f, site)])),
        ),
        at,
      );
      const back = f.createExpressionStatement(
        units === 1
          ? f.createPostfixUnaryExpression(depth, ts.SyntaxKind.MinusMinusToken)
          : f.createBinaryExpression(depth, ts.SyntaxKind.MinusEqualsToken, num(f, units)),
      );
      const unwind = f.createCatchClause(
        "__sfi_e",
        f.createBlock(
          [f.createExpressionStatement(callRuntime(f, "__sfi_unwind", [f.createIdentifier("__sfi_e"), num(f, site)]))],
          true,
        ),
      );
      return f.updateBlock(block, [
        entry!,
        deeper,
        f.createTryStatement(f.createBlock(rest, true), unwind, f.createBlock([back], true)),
      ]);
    };
    /**
     * A constructor with parameter properties: TypeScript writes their assignments after a
     * `super()` it finds at the top level of the body, so that call stays outside the `try`.
     * The count comes before it (a recursion through `super(new C())` is counted); if `super()`
     * throws, this frame's count is not given back until the invocation's refill: a deeper
     * count, the same on every run.
     */
    const countedAroundSuper = (block: ts.Block, at: ts.ConstructorDeclaration): ts.Block => {
      const superAt = block.statements.findIndex(
        (s) =>
          ts.isExpressionStatement(s) &&
          ts.isCallExpression(s.expression) &&
          s.expression.expression.kind === ts.SyntaxKind.SuperKeyword,
      );
      if (superAt < 0 || !options.depth) return counted(block, at, true, functionFrameSlots(at));
      const counting = counted(
        f.updateBlock(block, [block.statements[0]!, ...block.statements.slice(superAt + 1)]),
        at,
        true,
        functionFrameSlots(at),
      );
      const [entry, deeper, guarded] = counting.statements;
      return f.updateBlock(block, [entry!, deeper!, ...block.statements.slice(1, superAt + 1), guarded!]);
    };
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
    /**
     * `(() => { fuel check; depth count; return init; })()` for an initialiser that runs before
     * any counted body: a default parameter value (or a default inside a parameter's pattern) runs
     * before its function's body, a class field's value inside a constructor that may not exist
     * (red team 4: recursion through either reached V8's own stack overflow, uncounted, unfuelled,
     * at a depth that varied from run to run). The arrow keeps `this`, `arguments`, `super` and
     * the parameter scope of the initialiser. `init` is already rewritten; `at` is the original.
     */
    const countedInitializer = (init: ts.Expression, at: ts.Expression): ts.Expression => {
      count(ctx, "depth.initializer");
      const block = counted(
        f.createBlock([check(at, "initializer"), like(f.createReturnStatement(init), at)], true),
        at,
        true,
        expressionFrameSlots(at),
      );
      const arrow = f.createArrowFunction(
        undefined,
        undefined,
        [],
        undefined,
        f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
        block,
      );
      return like(f.createCallExpression(f.createParenthesizedExpression(arrow), undefined, []), at);
    };
    /** How many parameter declarations the visit is inside (their patterns' defaults count). */
    let inParameter = 0;
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (options.depth && ts.isParameter(node)) {
        inParameter++;
        const n = visitValues(node, visit, tctx);
        inParameter--;
        if (n.initializer === undefined || node.initializer === undefined) return n;
        return f.updateParameterDeclaration(
          n,
          n.modifiers,
          n.dotDotDotToken,
          n.name,
          n.questionToken,
          n.type,
          countedInitializer(n.initializer, node.initializer),
        );
      }
      if (options.depth && inParameter > 0 && ts.isBindingElement(node)) {
        const n = visitValues(node, visit, tctx);
        if (n.initializer === undefined || node.initializer === undefined) return n;
        return f.updateBindingElement(
          n,
          n.dotDotDotToken,
          n.propertyName,
          n.name,
          countedInitializer(n.initializer, node.initializer),
        );
      }
      if (options.depth && ts.isPropertyDeclaration(node) && node.initializer !== undefined) {
        const n = visitValues(node, visit, tctx);
        if (n.initializer === undefined) return n;
        return f.updatePropertyDeclaration(
          n,
          n.modifiers,
          n.name,
          n.questionToken ?? n.exclamationToken,
          n.type,
          countedInitializer(n.initializer, node.initializer),
        );
      }
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
        // A pattern in this function's body is not a parameter's, even inside a default value.
        const outer = inParameter;
        inParameter = 0;
        const n = visitValues(node, visit, tctx);
        inParameter = outer;
        const body = n.body!;
        const entry = check(node, "entry");
        if (ts.isArrowFunction(n)) {
          const block = counted(
            ts.isBlock(body)
              ? prependToBody(f, body, entry)
              : f.createBlock([entry, like(f.createReturnStatement(body as ts.Expression), body)], true),
            node,
            true,
            functionFrameSlots(node),
          );
          return withBody(f, n, block);
        }
        const block =
          ts.isConstructorDeclaration(node) && n.parameters.some((p) => ts.getModifiers(p)?.length)
            ? countedAroundSuper(prependToBody(f, body as ts.Block, entry), node)
            : counted(prependToBody(f, body as ts.Block, entry), node, true, functionFrameSlots(node));
        return withBody(f, n, block);
      }
      return visitValues(node, visit, tctx);
    };
    return (sf) => ts.visitEachChild(sf, visit, tctx);
  };
}
