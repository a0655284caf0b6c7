import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "no-dynamic-import",
  messages: {
    dynamicImport: "dynamic import(); expected only the static import of 'spin-kernel/extension'",
    importMeta: "'import.meta'; expected no access to module metadata",
  },
  why: "A dynamic import loads code chosen at run time, after the checker has run; import.meta exposes host details.",
  check(ctx) {
    return (node) => {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
        ctx.report(node, "dynamicImport");
      else if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword)
        ctx.report(node, "importMeta");
    };
  },
});
