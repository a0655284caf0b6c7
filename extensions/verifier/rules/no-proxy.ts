import { defineRule } from "../rule.js";
import { referencedGlobal } from "../util.js";

const NAMES = new Set(["Proxy"]);

export default defineRule({
  id: "no-proxy",
  messages: { proxy: "reference to 'Proxy'; expected plain objects only" },
  why: "A Proxy runs arbitrary code on every property read, so a value that type-checks as plain data can behave differently each time the kernel looks at it.",
  check(ctx) {
    return (node) => {
      if (referencedGlobal(node, NAMES) !== undefined) ctx.report(node, "proxy");
    };
  },
});
