import { defineRule } from "../rule.js";
import { referencedGlobal } from "../util.js";

const NAMES = new Set(["Reflect"]);

export default defineRule({
  id: "no-reflect",
  messages: { reflect: "reference to 'Reflect'; expected no reflection API" },
  why: "Reflect offers string-keyed get/set/construct/defineProperty/setPrototypeOf, every one of which bypasses a name-based rule.",
  check(ctx) {
    return (node) => {
      if (referencedGlobal(node, NAMES) !== undefined) ctx.report(node, "reflect");
    };
  },
});
