import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

/**
 * Every user-written type predicate (`x is T`, `this is T`) and assertion signature
 * (`asserts x is T`, `asserts x`) is refused, not only those whose target carries a capability
 * brand. The checker never looks at a predicate's body: `(n: number): n is Frame => true` is an
 * assertion with extra steps, exactly what no-type-assertion refuses. Restricting the rule to
 * branded targets would not be sound either: a generic `is<T>(x: unknown): x is T` forges any
 * capability at its call site (`is<Frame>(7)`), and a target such as `{ victim: Frame }` hides
 * the brand one property deep. Narrowing the checker does itself (typeof, `in`, `===`,
 * discriminants, Array.isArray, and predicates TypeScript infers from a function's body) is
 * unaffected.
 */
export default defineRule({
  id: "no-type-predicate",
  messages: {
    predicate:
      "user-defined type predicate '{{text}}'; expected no unchecked narrowing (narrow with typeof, in, === or a discriminant)",
    assertion:
      "assertion signature '{{text}}'; expected no unchecked narrowing (check and throw where the value is used)",
  },
  why: "A type predicate is an unchecked assertion: `function f(n: number): n is Frame { return true }` turns any number into a Frame capability with no `as` in sight.",
  details: `The rule refuses every user-written type predicate (\`x is T\`, \`this is T\`) and assertion
signature (\`asserts x is T\`, \`asserts x\`), not only those whose target carries a capability
brand. The checker never relates a predicate to its function's body, so a predicate has exactly
the power of \`as\`, which no-type-assertion refuses. A brand-only rule would not be sound: a
generic \`is<T>(x: unknown): x is T\` forges any capability at its call site (\`is<Frame>(7)\`), and a
target like \`{ victim: Frame }\` hides the brand a property deep. What remains is the narrowing the
checker does itself: \`typeof\`, \`in\`, \`===\`, discriminated unions, \`Array.isArray\`, and the
predicates TypeScript 5.5+ *infers* from a function's body (those are checked).`,
  check(ctx) {
    return (node) => {
      if (!ts.isTypePredicateNode(node)) return;
      const text = node.getText(ctx.sourceFile);
      ctx.report(node, node.assertsModifier !== undefined ? "assertion" : "predicate", { text });
    };
  },
});
