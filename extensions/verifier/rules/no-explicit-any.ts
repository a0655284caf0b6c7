import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "no-explicit-any",
  messages: { explicitAny: "explicit 'any' type; expected a precise type or 'unknown'" },
  why: "`any` switches the type checker off for a value, so capability types (Frame, AddressSpace, Thread, Strand) could be forged or misused unchecked.",
  check(ctx) {
    return (node) => {
      if (node.kind === ts.SyntaxKind.AnyKeyword) ctx.report(node, "explicitAny");
    };
  },
});
