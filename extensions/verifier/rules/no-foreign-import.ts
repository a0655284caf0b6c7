import ts from "../../typescript.js";
import { EXTENSION_MODULE } from "../../check/options.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "no-foreign-import",
  messages: {
    foreignModule: "import of '{{module}}'; expected only '" + EXTENSION_MODULE + "'",
    importRequire: "'import = require()'; expected an ES import of '" + EXTENSION_MODULE + "'",
    tripleSlash: "triple-slash '{{kind}}' directive; expected no references to other files, types or libs",
  },
  why: "The extension API module is the only door to the kernel; any other module (or `/// <reference>`) brings in code or declarations the verifier has not seen.",
  check(ctx) {
    const { sourceFile } = ctx;
    for (const [kind, refs] of [
      ["path", sourceFile.referencedFiles],
      ["types", sourceFile.typeReferenceDirectives],
      ["lib", sourceFile.libReferenceDirectives],
    ] as const) {
      for (const r of refs) ctx.reportRange(r.pos, r.end, "tripleSlash", { kind });
    }
    const checkSpecifier = (spec: ts.Node | undefined): void => {
      if (spec === undefined) return;
      if (ts.isLiteralTypeNode(spec)) spec = spec.literal;
      if (!ts.isStringLiteral(spec)) {
        ctx.report(spec, "foreignModule", { module: spec.getText(sourceFile) });
      } else if (spec.text !== EXTENSION_MODULE) {
        ctx.report(spec, "foreignModule", { module: spec.text });
      }
    };
    return (node) => {
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) checkSpecifier(node.moduleSpecifier);
      else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
        ctx.report(node, "importRequire");
      else if (ts.isImportTypeNode(node)) checkSpecifier(node.argument);
    };
  },
});
