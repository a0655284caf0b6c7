import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "no-with",
  messages: { with: "'with' statement; expected lexical name resolution" },
  why: "`with` makes name resolution depend on a run-time object, so no identifier inside it can be checked statically.",
  check(ctx) {
    return (node) => {
      if (ts.isWithStatement(node))
        ctx.reportRange(node.getStart(ctx.sourceFile), node.expression.getStart(ctx.sourceFile) - 1, "with");
    };
  },
});
