import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "no-unicode-escape",
  messages: {
    escapedIdentifier: "identifier '{{name}}' written with escapes as '{{raw}}'; expected it spelled plainly",
  },
  why: "`\\u0065val` is the identifier `eval`; escapes exist only to hide a name from a human reviewer (the verifier decodes them, but refuses the obfuscation).",
  check(ctx) {
    const { sourceFile } = ctx;
    return (node) => {
      if (!ts.isIdentifier(node) && !ts.isPrivateIdentifier(node)) return;
      const raw = node.getText(sourceFile);
      if (raw.includes("\\")) ctx.report(node, "escapedIdentifier", { name: ts.idText(node), raw });
    };
  },
});
