import ts from "typescript";
import { defineRule } from "../rule.js";
import { isWriteTarget, libMemberOfType } from "../util.js";

/**
 * A write must go to a property the written value's declared type has. Two ways around that
 * remain with no assertion: an `in` check gives the checker a property it knows only as
 * `unknown` (`if ("frame" in v) v.frame = 7`, where `v` is a page seen as `{ vpn: number }`), and
 * `Object.assign(target, ...)` writes every property of its sources into a target whose type
 * may hide them (`Object.assign(v, { frame: 7 })`; `Object.assign(t, { parse })` where `t` is
 * JSON seen as `object`). Either can overwrite a capability (or a builtin's member) hidden by
 * an earlier, allowed widening. So: no write through a property only an `in` check introduced,
 * and Object.assign only into a new object literal (`Object.assign({}, a, b)` copies).
 */
export default defineRule({
  id: "no-undeclared-write",
  messages: {
    inNarrowed: "write to '{{name}}', which the declared type '{{type}}' of '{{object}}' does not have (known only from an 'in' check); expected a write to a declared property",
    assignTarget: "Object.assign into '{{target}}'; expected a new object literal as the target (Object.assign({}, ...)): writing into an existing value can overwrite a capability or a builtin member its type does not show",
  },
  why: "Writing a property the value's declared type does not have (after an `in` check, or with Object.assign) can overwrite a capability hidden by a widening: `if (\"frame\" in v) v.frame = 7`.",
  check(ctx) {
    const c = ctx.checker;
    /** The declared (not narrowed) type of a reference, or undefined for other expressions. */
    const declaredType = (e: ts.Expression): ts.Type | undefined => {
      while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
      const id = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) ? e.name : undefined;
      const sym = id === undefined ? undefined : c.getSymbolAtLocation(id);
      return sym === undefined ? undefined : c.getTypeOfSymbol(sym);
    };
    return (node) => {
      if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isWriteTarget(node)) {
        const key = ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression;
        const prop = c.getSymbolAtLocation(key);
        if (prop === undefined || (prop.declarations ?? []).length > 0) return;
        const declared = declaredType(node.expression);
        if (declared === undefined) return;
        const apparent = c.getApparentType(declared);
        const name = prop.getName();
        const hasIndex = c.getIndexInfosOfType(apparent).length > 0;
        if (c.getPropertyOfType(apparent, name) !== undefined || hasIndex) return;
        ctx.report(node, "inNarrowed", { name, type: c.typeToString(declared), object: node.expression.getText(ctx.sourceFile) });
      } else if (ts.isCallExpression(node) && libMemberOfType(ctx, node.expression) === "ObjectConstructor.assign") {
        let target = node.arguments[0];
        while (target !== undefined && (ts.isParenthesizedExpression(target) || ts.isSatisfiesExpression(target))) target = target.expression;
        if (target !== undefined && !ts.isObjectLiteralExpression(target)) ctx.report(target, "assignTarget", { target: target.getText(ctx.sourceFile) });
      }
    };
  },
});
