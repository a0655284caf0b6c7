import ts from "../../typescript.js";
import { defineRule } from "../rule.js";
import { referencedGlobal } from "../util.js";

const NAMES = new Set(["globalThis", "global", "self", "window", "frames", "top", "parent"]);

/**
 * Does this identifier resolve to something the extension did not declare itself? A local
 * `const top = ...` or a parameter named `window` is the author's own binding, not the global
 * object. An identifier the checker cannot resolve (no symbol) is treated as the global: the
 * sandbox may well define it even where the type declarations do not.
 */
function resolvesOutsideExtension(checker: ts.TypeChecker, id: ts.Identifier, sourceFile: ts.SourceFile): boolean {
  const p = id.parent;
  const symbol =
    p !== undefined && ts.isShorthandPropertyAssignment(p) && p.name === id
      ? checker.getShorthandAssignmentValueSymbol(p)
      : checker.getSymbolAtLocation(id);
  if (symbol === undefined) return true;
  const decls = symbol.getDeclarations() ?? [];
  if (decls.length === 0) return true; // `globalThis` itself has no declaration
  return !decls.some((d) => d.getSourceFile() === sourceFile);
}

export default defineRule({
  id: "no-global-object",
  messages: { globalObject: "reference to the global object '{{name}}'; expected no access to globals by object" },
  why: 'The global object gives string-keyed access to every global (`globalThis["ev" + "al"]`), defeating name-based rules, and lets one extension leave state for another.',
  details: `Only identifiers that resolve to the global are flagged: the rule asks the type checker for the
identifier's symbol and reports it when the symbol is declared outside the extension (in the ES
library) or cannot be resolved at all. A local \`const top = 3\` or a parameter named \`window\` is the
author's own binding and is allowed; \`globalThis\`, and \`window\` where nothing declares it, are not.`,
  check(ctx) {
    return (node) => {
      const name = referencedGlobal(node, NAMES);
      if (name !== undefined && ts.isIdentifier(node) && resolvesOutsideExtension(ctx.checker, node, ctx.sourceFile)) {
        ctx.report(node, "globalObject", { name });
      }
    };
  },
});
