/**
 * V8's own stack overflow ends the guest call (the V8 placements only: extensions/sfi/fuel-only.ts).
 * The fuel pass's depth count keeps the guest's frames inside V8's stack (passes/fuel.ts,
 * frame-slots.ts), but a frame the source does not size can still reach V8's limit (the
 * arguments of a spread call, `f(...xs)`, are pushed on the stack: thousands a frame), and
 * where V8 overflows depends on the tier each frame runs in, i.e. on background compilation's
 * timing (red team 3: a guest that caught the RangeError read a clock). Red team 12's
 * stack-overflow-wide-frames caught it and recursed again: ~350 fuel units for ~18 ms of host
 * time an overflow, so only the deadline stopped the call. So no guest code may run once V8
 * has overflowed, as none runs once the depth count or the fuel stopped the call:
 *  - every `catch` block starts with `__sfi_caught(e, site)` (the clause's binding; one named
 *    `__sfi_e` for a clause with none or with a pattern, which then binds from it inside the
 *    block): the V8 placements' frame (sandbox/guest/native-frame.js) rethrows V8's overflow,
 *    and anything after it in the call, and the host records the site as the stack fault's;
 *  - a `try … finally` without a catch gets one that only hands the value to `__sfi_unwind`
 *    (the same check, then the rethrow), so an overflow is seen before the finally runs;
 *  - every `finally` block runs only if the call has not overflowed (`if (!__sfi_overflowed)`):
 *    a `return` there would otherwise swallow the overflow, and its statements would run a
 *    number of times that depends on how deep V8 overflowed.
 * The fuel pass adds the same catch to every counted function body, so an overflow is seen in
 * the first guest frame it passes (a promise's executor or an async function's body, whose
 * callers turn a throw into a rejection, included).
 */
import ts from "../../typescript.js";
import { callRuntime, count, like, num, visitValues, type RewriteContext } from "../context.js";

const CAUGHT = "__sfi_e";

export function overflowPass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  return (tctx) => {
    const f = tctx.factory;
    const hook = (name: string, value: string, site: number): ts.Statement =>
      f.createExpressionStatement(callRuntime(f, name, [f.createIdentifier(value), num(f, site)]));
    const checkedCatch = (c: ts.CatchClause, at: ts.CatchClause): ts.CatchClause => {
      count(ctx, "overflow.catch");
      const site = ctx.sites.add(at);
      const binding = c.variableDeclaration;
      if (binding !== undefined && ts.isIdentifier(binding.name))
        return f.updateCatchClause(
          c,
          binding,
          f.updateBlock(c.block, [like(hook("__sfi_caught", binding.name.text, site), at), ...c.block.statements]),
        );
      // No binding, or a pattern: the value is bound to a name of ours first; the pattern binds
      // from it inside the block (as `let`, as a catch parameter's names are), after the check,
      // so that its defaults run only when the call goes on.
      const pattern =
        binding === undefined
          ? []
          : [
              f.createVariableStatement(
                undefined,
                f.createVariableDeclarationList(
                  [f.createVariableDeclaration(binding.name, undefined, undefined, f.createIdentifier(CAUGHT))],
                  ts.NodeFlags.Let,
                ),
              ),
            ];
      return f.updateCatchClause(
        c,
        f.createVariableDeclaration(CAUGHT),
        f.updateBlock(c.block, [like(hook("__sfi_caught", CAUGHT, site), at), ...pattern, ...c.block.statements]),
      );
    };
    const gated = (block: ts.Block): ts.Block =>
      f.createBlock(
        [
          f.createIfStatement(
            f.createPrefixUnaryExpression(ts.SyntaxKind.ExclamationToken, f.createIdentifier("__sfi_overflowed")),
            block,
          ),
        ],
        true,
      );
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (ts.isCatchClause(node)) return checkedCatch(visitValues(node, visit, tctx), node);
      if (ts.isTryStatement(node) && node.finallyBlock !== undefined) {
        const n = visitValues(node, visit, tctx);
        count(ctx, "overflow.finally");
        const catchClause =
          n.catchClause ??
          like(
            f.createCatchClause(CAUGHT, f.createBlock([hook("__sfi_unwind", CAUGHT, ctx.sites.add(node))], true)),
            node,
          );
        return f.updateTryStatement(n, n.tryBlock, catchClause, gated(n.finallyBlock!));
      }
      return visitValues(node, visit, tctx);
    };
    return (sf) => ts.visitEachChild(sf, visit, tctx);
  };
}
