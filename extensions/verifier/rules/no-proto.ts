import ts from "../../typescript.js";
import { defineRule } from "../rule.js";
import { memberNameAt } from "../util.js";

const MEMBERS = new Set(["__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"]);

export default defineRule({
  id: "no-proto",
  messages: { legacyMember: "member '{{name}}'; expected no legacy prototype or accessor API" },
  why: "`__proto__` (including `{ __proto__: x }` in a literal) reads or replaces an object's prototype behind the type checker's back; `__defineGetter__` and friends install accessors on arbitrary objects.",
  check(ctx) {
    return (node) => {
      if (ts.isIdentifier(node)) return;
      const m = memberNameAt(node);
      if (m !== undefined && MEMBERS.has(m.name)) ctx.report(m.at, "legacyMember", { name: m.name });
    };
  },
});
