import { defineRule } from "../rule.js";
import { referencedGlobal } from "../util.js";

const NAMES = new Set(["globalThis", "global", "self", "window", "frames", "top", "parent"]);

export default defineRule({
  id: "no-global-object",
  messages: { globalObject: "reference to the global object '{{name}}'; expected no access to globals by object" },
  why: "The global object gives string-keyed access to every global (`globalThis[\"ev\" + \"al\"]`), defeating name-based rules, and lets one extension leave state for another.",
  check(ctx) {
    return (node) => {
      const name = referencedGlobal(node, NAMES);
      if (name !== undefined) ctx.report(node, "globalObject", { name });
    };
  },
});
