import { defineRule } from "../rule.js";
import { referencedGlobal } from "../util.js";

const NAMES = new Set(["arguments"]);

export default defineRule({
  id: "no-arguments",
  messages: { arguments: "reference to 'arguments'; expected named or rest parameters" },
  why: "`arguments` is untyped with respect to the declared parameters and carries `callee`; rest parameters are typed.",
  check(ctx) {
    return (node) => {
      if (referencedGlobal(node, NAMES) !== undefined) ctx.report(node, "arguments");
    };
  },
});
