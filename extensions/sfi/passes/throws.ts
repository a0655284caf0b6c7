/**
 * Where each value was thrown. A fault's position is read from the thrown error's stack, as the
 * engine wrote it when the error was made; a value whose stack the engine did not write has
 * none: a thrown object with a `stack` of its own, a primitive, an error whose `stack` was
 * replaced before anything read it (issue 10's thrown-stack-unplaced: such a fault was placed
 * at its handler, or, in QuickJS, at whatever `file:line:col` the guest's replacement named).
 * So every `throw E` becomes `throw __sfi_throw(E, site)`: the runtime (the V8 placements'
 * frame, sandbox/guest/native-frame.js; the SFI runtime) keeps the last value thrown and the
 * throw's site, and a fault of that value with no stack the engine wrote is placed there.
 */
import ts from "../../typescript.js";
import { callRuntime, count, isRuntimeCall, like, num, visitValues, type RewriteContext } from "../context.js";

export function throwsPass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  return (tctx) => {
    const f = tctx.factory;
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (isRuntimeCall(node)) return visitValues(node, visit, tctx);
      if (ts.isThrowStatement(node)) {
        const n = visitValues(node, visit, tctx);
        count(ctx, "throws.site");
        return f.updateThrowStatement(
          n,
          like(callRuntime(f, "__sfi_throw", [n.expression, num(f, ctx.sites.add(node))]), node.expression),
        );
      }
      return visitValues(node, visit, tctx);
    };
    return (sf) => visit(sf) as ts.SourceFile;
  };
}
