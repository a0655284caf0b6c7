/**
 * Charged unary plus, with the fuel pass (V8 placements: extensions/sfi/fuel-only.ts; QuickJS:
 * extensions/sfi/rewrite.ts). `+s` parses every character of a string in C (ToNumber), one fuel
 * unit or none for a string of any length (red team 10, number-parse-uncharged); the type check
 * lets unary plus take any type, and it is the idiom for parsing, so its operand goes through the
 * frame's `__sfi_num` (sandbox/guest/native-frame.js, sandbox/guest/sfi-runtime.js), which returns
 * a number as it is and converts anything else as the operator does (ToPrimitive, the guest's
 * methods once each), charging a string by its length before it is parsed:
 *
 *   +E     →  __sfi_num(E)
 *
 * A numeric literal (`+1`) is left alone.
 */
import ts from "../../typescript.js";
import { callRuntime, count, isRuntimeCall, like, visitValues, type RewriteContext } from "../context.js";

export function numberParsePass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  return (tctx) => {
    const f = tctx.factory;
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (isRuntimeCall(node)) return visitValues(node, visit, tctx);
      if (
        ts.isPrefixUnaryExpression(node) &&
        node.operator === ts.SyntaxKind.PlusToken &&
        !ts.isNumericLiteral(node.operand)
      ) {
        const n = visitValues(node, visit, tctx);
        count(ctx, "number.parse");
        return like(callRuntime(f, "__sfi_num", [n.operand]), node);
      }
      return visitValues(node, visit, tctx);
    };
    return (sf) => visitValues(sf, visit, tctx);
  };
}
