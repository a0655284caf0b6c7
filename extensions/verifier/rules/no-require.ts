import { defineRule } from "../rule.js";
import { referencedGlobal } from "../util.js";

const NAMES = new Set(["require", "module", "exports", "process", "__dirname", "__filename"]);

export default defineRule({
  id: "no-require",
  messages: { commonjs: "reference to '{{name}}'; expected no CommonJS or Node.js host object" },
  why: "`require` and friends load host modules outside the sandbox; extensions get capabilities only through the extension API.",
  check(ctx) {
    return (node) => {
      const name = referencedGlobal(node, NAMES);
      if (name !== undefined) ctx.report(node, "commonjs", { name });
    };
  },
});
