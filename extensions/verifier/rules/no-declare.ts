import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "no-declare",
  messages: {
    declare: "'declare' {{what}}; expected no ambient declarations in an extension",
    namespace: "namespace or module block '{{name}}'; expected ES module declarations only",
  },
  why: '`declare` asserts that something exists without providing it (`declare const kernel: Kernel`, `declare global`, `declare module "spin-kernel/extension"`), which fools the type checker about the sandbox and the API.',
  check(ctx) {
    return (node) => {
      if (ts.isModuleDeclaration(node)) {
        ctx.report(node.name, "namespace", { name: node.name.getText(ctx.sourceFile) });
        return;
      }
      if (!ts.canHaveModifiers(node)) return;
      const mod = ts.getModifiers(node)?.find((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
      if (mod !== undefined) ctx.report(mod, "declare", { what: ts.SyntaxKind[node.kind] ?? "declaration" });
    };
  },
});
