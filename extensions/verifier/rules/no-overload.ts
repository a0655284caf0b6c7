import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

/**
 * TypeScript relates an overload signature to its implementation's *signature* only loosely
 * (either return type may be assignable to the other) and never to the body, so
 * `function brand(n: number): Frame;` over `function brand(n: number): number { return n; }`
 * turns a number into a Frame with no assertion (issue 8, finding 8). An overload is an
 * unchecked declaration of what a body does, like `declare`; an extension writes one signature
 * (a union parameter, or two functions) instead.
 */
export default defineRule({
  id: "no-overload",
  messages: {
    overload:
      "overload signature of '{{name}}'; expected one signature per function (the checker does not check an overload against the body, so it can promise a Frame the body never returns)",
  },
  why: "An overload signature is an unchecked promise about the body: `function brand(n: number): Frame;` over a body returning the number forges a capability.",
  details: `TypeScript relates an overload signature to its implementation's signature only loosely (either
return type may be assignable to the other) and never to the body (issue 8, finding 8). An
extension writes one signature per function (a union parameter, or two functions). Abstract
methods are allowed: every subclass's implementation is checked against them. Exercise
\`forge-overload\`.`,
  check(ctx) {
    return (node) => {
      const bodiless =
        (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) &&
        node.body === undefined &&
        // Ambient declarations are no-declare's; abstract methods are checked in every subclass.
        !(ts.getCombinedModifierFlags(node) & (ts.ModifierFlags.Ambient | ts.ModifierFlags.Abstract));
      if (!bodiless) return;
      const name = ts.isConstructorDeclaration(node)
        ? "constructor"
        : (node.name?.getText(ctx.sourceFile) ?? "default");
      ctx.report(node, "overload", { name });
    };
  },
});
