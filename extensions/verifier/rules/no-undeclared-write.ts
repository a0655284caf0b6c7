import ts from "../../typescript.js";
import { defineRule } from "../rule.js";
import { skipExpressionWrappers } from "../../expression-wrappers.js";
import { isWriteTarget, libMemberOfType } from "../util.js";

/** Library methods that store their arguments into the receiver. */
const STORING_METHODS: ReadonlySet<string> = new Set(["push", "unshift", "splice", "fill", "set", "add"]);

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
    inNarrowed:
      "write to '{{name}}', which the declared type '{{type}}' of '{{object}}' does not have (known only from an 'in' check); expected a write to a declared property",
    anyView:
      "'{{text}}' writes into '{{object}}' of type '{{type}}', whose 'any' type argument (from Array.isArray or instanceof on an unknown value) accepts anything; expected the value's elements narrowed one by one",
    assignTarget:
      "Object.assign into '{{target}}'; expected a new object literal as the target (Object.assign({}, ...)): writing into an existing value can overwrite a capability or a builtin member its type does not show",
  },
  why: 'Writing a property the value\'s declared type does not have (after an `in` check, or with Object.assign) can overwrite a capability hidden by a widening: `if ("frame" in v) v.frame = 7`.',
  details: `Two writes reach properties a value's type does not show: after \`"frame" in v\` the checker knows
\`v.frame\` only as \`unknown\` and accepts any write to it (so a page seen as \`{ vpn: number }\`, which
no-capability-widening allows because \`frame\` is simply not there, could be given a forged
frame), and \`Object.assign(target, ...)\` writes every property of its sources into its target
(\`Object.assign(v, { frame: 7 })\`; \`Object.assign(t, { parse })\` where \`t\` is JSON seen as
\`object\`). So a write must go to a property the declared type of the written reference has (or
its index signature), and Object.assign's target must be a new object literal
(\`Object.assign({}, a, b)\` copies). Reading after an \`in\` check is unaffected. The same holds
for the views \`Array.isArray(u)\` and \`u instanceof Array\` (or \`Map\`, \`Set\`) give an \`unknown\`:
their type arguments are \`any\`, so \`push\`, \`unshift\`, \`splice\`, \`fill\`, \`set\`, \`add\` and element
writes through them are refused (reading their elements is no-unsafe-any's). Exercise
\`forge-in-narrowed-write\`.`,
  check(ctx) {
    const c = ctx.checker;
    /** The declared (not narrowed) type of a reference, or undefined for other expressions. */
    const declaredType = (e: ts.Expression): ts.Type | undefined => {
      e = skipExpressionWrappers(e);
      const id = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) ? e.name : undefined;
      const sym = id === undefined ? undefined : c.getSymbolAtLocation(id);
      return sym === undefined ? undefined : c.getTypeOfSymbol(sym);
    };
    /** A library generic instance with an `any` type argument (`any[]`, `Map<any, any>`). */
    const hasAnyArgument = (t: ts.Type): boolean =>
      (t.flags & ts.TypeFlags.Object) !== 0 &&
      ((t as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0 &&
      c.getTypeArguments(t as ts.TypeReference).some((a) => (a.flags & ts.TypeFlags.Any) !== 0);
    return (node) => {
      // `if (Array.isArray(u)) u.push(7)`: the narrowing made an `any[]` of what may be a Frame[].
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        STORING_METHODS.has(node.expression.name.text)
      ) {
        const receiver = node.expression.expression;
        const rt = c.getTypeAtLocation(receiver);
        if (hasAnyArgument(rt) && libMemberOfType(ctx, node.expression) !== undefined) {
          const text = node.getText(ctx.sourceFile).replace(/\s+/g, " ");
          ctx.report(node, "anyView", {
            text: text.length > 40 ? `${text.slice(0, 37)}...` : text,
            object: receiver.getText(ctx.sourceFile),
            type: c.typeToString(rt),
          });
        }
      }
      if (
        ts.isElementAccessExpression(node) &&
        isWriteTarget(node) &&
        hasAnyArgument(c.getTypeAtLocation(node.expression))
      ) {
        const rt = c.getTypeAtLocation(node.expression);
        ctx.report(node, "anyView", {
          text: node.getText(ctx.sourceFile),
          object: node.expression.getText(ctx.sourceFile),
          type: c.typeToString(rt),
        });
      }
      if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isWriteTarget(node)) {
        const key = ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression;
        const prop = c.getSymbolAtLocation(key);
        if (prop === undefined || (prop.declarations ?? []).length > 0) return;
        const name = prop.getName();
        // A property with no declaration whose type is \`unknown\` is what an \`in\` check adds
        // (\`T & Record<K, unknown>\`): refused whatever the reference's declared type says, since
        // an alias (\`const a = j\`), a tuple element or a wrapper takes the narrowed type as its
        // own and laundered the check (red team 13, builtin-in-narrowed-alias and -satisfies). A
        // \`Record<"k", unknown>\` the author wrote is refused with it: declare the property.
        const fromIn = (c.getTypeOfSymbol(prop).flags & ts.TypeFlags.Unknown) !== 0;
        const declared = declaredType(node.expression);
        if (!fromIn) {
          if (declared === undefined) return;
          const apparent = c.getApparentType(declared);
          const hasIndex = c.getIndexInfosOfType(apparent).length > 0;
          if (c.getPropertyOfType(apparent, name) !== undefined || hasIndex) return;
        }
        ctx.report(node, "inNarrowed", {
          name,
          type: c.typeToString(declared ?? c.getTypeAtLocation(node.expression)),
          object: node.expression.getText(ctx.sourceFile),
        });
      } else if (ts.isCallExpression(node) && libMemberOfType(ctx, node.expression) === "ObjectConstructor.assign") {
        const written = node.arguments[0];
        const target = written === undefined ? undefined : skipExpressionWrappers(written);
        if (target !== undefined && !ts.isObjectLiteralExpression(target))
          ctx.report(target, "assignTarget", { target: target.getText(ctx.sourceFile) });
      }
    };
  },
});
