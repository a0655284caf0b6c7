import ts from "../../typescript.js";
import { defineRule } from "../rule.js";
import { memberNameAt, referencedGlobal } from "../util.js";

const NAMES = new Set(["eval"]);

export default defineRule({
  id: "no-eval",
  messages: {
    evalReference: "reference to 'eval'; expected no use of eval, direct or aliased",
    evalMember: "member named 'eval'; expected no access to eval by name",
  },
  why: "eval compiles a string at run time, which the load-time checker never saw; aliases (`const e = eval`, `(0, eval)`) are indirect eval with the same power.",
  check(ctx) {
    return (node) => {
      if (referencedGlobal(node, NAMES) !== undefined) {
        ctx.report(node, "evalReference");
        return;
      }
      if (ts.isElementAccessExpression(node) || ts.isBindingElement(node)) {
        const m = memberNameAt(node);
        if (m?.name === "eval") ctx.report(m.at, "evalMember");
      }
    };
  },
});
