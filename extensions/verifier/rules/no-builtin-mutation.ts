import ts from "typescript";
import { defineRule, type RuleContext } from "../rule.js";
import { isWriteTarget, libMemberOfType } from "../util.js";

/** Per lib SourceFile (these are cached across programs): the type names of its `declare var X: T` globals. */
const singletonTypesByLib = new WeakMap<ts.SourceFile, readonly string[]>();

function singletonTypes(ctx: RuleContext<string>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const sf of ctx.program.getSourceFiles()) {
    if (!ctx.isLibFile(sf)) continue;
    let names = singletonTypesByLib.get(sf);
    if (names === undefined) {
      const found: string[] = [];
      for (const st of sf.statements) {
        if (!ts.isVariableStatement(st)) continue;
        for (const d of st.declarationList.declarations) {
          if (d.type !== undefined && ts.isTypeReferenceNode(d.type) && ts.isIdentifier(d.type.typeName)) found.push(d.type.typeName.text);
          else if (d.type !== undefined && ts.isTypeLiteralNode(d.type) && ts.isIdentifier(d.name)) found.push(`__type:${d.name.text}`);
        }
      }
      names = found;
      singletonTypesByLib.set(sf, names);
    }
    for (const n of names) out.add(n);
  }
  return out;
}

export default defineRule({
  id: "no-builtin-mutation",
  messages: {
    mutateBuiltin: "write to a member of builtin '{{type}}'; expected builtins to stay untouched",
    assignBuiltin: "Object.assign into builtin '{{type}}'; expected builtins to stay untouched",
  },
  why: "Replacing `Math.random`, `JSON.parse` or `Array.from` changes the behaviour of code the checker reasoned about (and of the kernel glue sharing the realm).",
  check(ctx) {
    let singletons: ReadonlySet<string> | undefined;
    const builtinTypeName = (obj: ts.Expression): string | undefined => {
      singletons ??= singletonTypes(ctx);
      const t = ctx.checker.getTypeAtLocation(obj);
      const sym = t.getSymbol();
      if (sym === undefined) return undefined;
      const decls = sym.getDeclarations() ?? [];
      if (decls.length === 0 || !decls.every((d) => ctx.isLibFile(d.getSourceFile()))) return undefined;
      if (singletons.has(sym.getName())) return sym.getName();
      // Builtin functions and methods (`parseInt.x = 1`, `Math.max.x = 1`).
      if (decls.some((d) => ts.isFunctionDeclaration(d) || ts.isMethodSignature(d))) return ctx.checker.typeToString(t);
      return undefined;
    };
    return (node) => {
      if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isWriteTarget(node)) {
        const name = builtinTypeName(node.expression);
        if (name !== undefined) ctx.report(node, "mutateBuiltin", { type: name });
      } else if (ts.isCallExpression(node) && libMemberOfType(ctx, node.expression) === "ObjectConstructor.assign") {
        const target = node.arguments[0];
        const name = target === undefined ? undefined : builtinTypeName(target);
        if (target !== undefined && name !== undefined) ctx.report(target, "assignBuiltin", { type: name });
      }
    };
  },
});
