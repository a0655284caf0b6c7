/**
 * Charged for-in, with the fuel pass: in the placements that run an extension in V8 (`native`,
 * `server`; extensions/sfi/fuel-only.ts) and in QuickJS (`typed`, `sfi`: extensions/sfi/rewrite.ts,
 * where sandbox/guest/sfi-runtime.js's __sfi_forin burns two ticks an index, as QuickJS, too, lists
 * every key in C before the first iteration). `for (k in s)` over a string makes the key of every index of the
 * string before the first iteration (V8's ForInPrepare, one C++ call: ~0.2 s for 2^19
 * characters), and an array's likewise: a loop whose body breaks at once paid one fuel unit for
 * the whole walk (red team 10, for-in-string-hold: thirty-two of them in a row were killed by the
 * host watchdog in native and exhausted a server's heap). No builtin wrapper sees a statement, so
 * the object of every for-in goes through the frame's `__sfi_forin(value, site)`
 * (sandbox/guest/native-frame.js), which charges, before V8 lists a key, the indices the walk
 * will make beyond the object itself when it is a string or a String object, which the strings
 * pass charges first (`__sfi_idx`, issue 10's string-spread-hold): every array on the prototype
 * chain and every String object the object inherits from (sandbox/native/for-in-fuel.ts):
 *
 *   for (k in E) S     →  for (k in __sfi_forin(__sfi_idx(E, s1), s2)) S
 *
 * The value is returned as it was: the statement's own semantics (null and undefined iterate
 * nothing, a primitive is boxed by V8) are unchanged.
 */
import ts from "../../typescript.js";
import { callRuntime, count, isRuntimeCall, like, num, visitValues, type RewriteContext } from "../context.js";

export function forInPass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  return (tctx) => {
    const f = tctx.factory;
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (isRuntimeCall(node)) return visitValues(node, visit, tctx);
      if (ts.isForInStatement(node)) {
        const n = visitValues(node, visit, tctx);
        count(ctx, "for-in.charge");
        const charged = like(
          callRuntime(f, "__sfi_forin", [n.expression, num(f, ctx.sites.add(node.expression))]),
          node.expression,
        );
        return f.updateForInStatement(n, n.initializer, charged, n.statement);
      }
      return visitValues(node, visit, tctx);
    };
    return (sf) => visitValues(sf, visit, tctx);
  };
}
