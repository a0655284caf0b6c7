import ts from "../../typescript.js";
import { defineRule } from "../rule.js";
import { libMemberOfType } from "../util.js";

const BANNED = new Set([
  "ObjectConstructor.setPrototypeOf",
  "ObjectConstructor.getPrototypeOf",
  "ObjectConstructor.defineProperty",
  "ObjectConstructor.defineProperties",
  "ObjectConstructor.getOwnPropertyDescriptor",
  "ObjectConstructor.getOwnPropertyDescriptors",
]);

export default defineRule({
  id: "no-reflective-object-api",
  messages: { reflective: "use of {{member}}; expected no prototype or property-descriptor manipulation" },
  why: "setPrototypeOf/getPrototypeOf/defineProperty/getOwnPropertyDescriptor reach and rewrite builtins and prototypes (the Function constructor is one getPrototypeOf away); found by type, so aliases and destructuring are caught too.",
  check(ctx) {
    return (node) => {
      if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node) && !ts.isBindingElement(node))
        return;
      const member = libMemberOfType(ctx, ts.isBindingElement(node) ? node.name : node);
      if (member !== undefined && BANNED.has(member))
        ctx.report(node, "reflective", { member: member.replace("Constructor.", ".") });
    };
  },
});
