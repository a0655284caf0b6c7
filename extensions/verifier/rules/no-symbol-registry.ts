import ts from "../../typescript.js";
import { defineRule } from "../rule.js";
import { libMemberOfType } from "../util.js";

const BANNED = new Set(["SymbolConstructor.for", "SymbolConstructor.keyFor"]);

export default defineRule({
  id: "no-symbol-registry",
  messages: { registry: "use of {{member}}; expected local symbols only (Symbol())" },
  why: "`Symbol.for` keys a realm-wide registry: two extensions sharing a realm could use it as a covert channel. Local `Symbol()` values are fine.",
  check(ctx) {
    return (node) => {
      if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node) && !ts.isBindingElement(node))
        return;
      const member = libMemberOfType(ctx, ts.isBindingElement(node) ? node.name : node);
      if (member !== undefined && BANNED.has(member))
        ctx.report(node, "registry", { member: member.replace("Constructor.", ".") });
    };
  },
});
