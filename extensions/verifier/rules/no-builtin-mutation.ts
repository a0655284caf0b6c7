import ts from "../../typescript.js";
import { type Sensitivity, WideningFinder, flowsAt } from "../flow.js";
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
          if (d.type !== undefined && ts.isTypeReferenceNode(d.type) && ts.isIdentifier(d.type.typeName))
            found.push(d.type.typeName.text);
          else if (d.type !== undefined && ts.isTypeLiteralNode(d.type) && ts.isIdentifier(d.name))
            found.push(`__type:${d.name.text}`);
        }
      }
      names = found;
      singletonTypesByLib.set(sf, names);
    }
    for (const n of names) out.add(n);
  }
  return out;
}

/** Calls that change what a builtin object accepts (non-extensible, non-writable members). */
const FREEZERS: ReadonlySet<string> = new Set([
  "ObjectConstructor.freeze",
  "ObjectConstructor.seal",
  "ObjectConstructor.preventExtensions",
]);

/** Library mapped types that describe the same object as their first type argument. */
const MAPPED_VIEWS: ReadonlySet<string> = new Set(["Readonly", "Partial", "Required", "Pick", "Omit"]);

function clip(text: string): string {
  const t = text.replace(/\s+/g, " ");
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/**
 * Writes are found by the written object's *type* (`Math`, `JSON`, a builtin function's type),
 * so an alias of the same type is caught (`const j = JSON; delete j.parse`). An alias of a
 * *wider* type is not: `const m: { random: () => number } = Math; m.random = ...` (issue 8,
 * finding 8). So every flow (flow.ts) that gives a builtin a type other than its own, with a
 * member through which the builtin could be written, is refused as well. Views without such
 * members stay allowed (`xs.map(Number)` passes Number as a callback; `unknown`, `object`),
 * and no-undeclared-write closes what those could still do (`Object.assign`, `in` checks).
 */
export default defineRule({
  id: "no-builtin-mutation",
  messages: {
    mutateBuiltin: "write to a member of builtin '{{type}}'; expected builtins to stay untouched",
    assignBuiltin: "Object.assign into builtin '{{type}}'; expected builtins to stay untouched",
    freezeBuiltin:
      "Object.{{fn}} of builtin '{{type}}'; expected builtins to stay untouched (the kernel's glue in the same realm relies on them as they are)",
    widenBuiltin:
      "'{{text}}' gives builtin '{{type}}'{{where}} the type '{{to}}', through which its member '{{member}}' could be replaced; expected builtins used by name (Math.random()), not through a wider alias",
  },
  why: "Replacing `Math.random`, `JSON.parse` or `Array.from` changes the behaviour of code the checker reasoned about (and of the kernel glue sharing the realm).",
  details: `Writes are recognised by the written object's type (\`Math\`, \`JSON\`, a builtin function's type),
so an alias of the same type is caught (\`const j = JSON; delete j.parse\`). An alias of a *wider*
type was not (issue 8, finding 8): \`const m: { random: () => number } = Math; m.random = ...\`. So
every flow that gives a builtin another type with a member it has (a variable or parameter with
a type, an assignment, an argument, a return, an element of an array given a type; the flows of
no-capability-widening) is refused too, and so is a library view of one (\`Object.freeze(Math)\` is a
\`Readonly<Math>\`, the same object). Views with no such member stay allowed: \`xs.map(Number)\`
passes \`Number\` as a callback, and \`const u: unknown = Math\` can only be read (what \`unknown\` or
\`object\` could still do, \`Object.assign\` and writes after an \`in\` check, is no-undeclared-write's).
Exercises \`builtin-alias-math\`, \`builtin-alias-json-assign\`.`,
  check(ctx) {
    let singletons: ReadonlySet<string> | undefined;
    const builtinTypeNameOf = (t: ts.Type): string | undefined => {
      singletons ??= singletonTypes(ctx);
      const sym = t.getSymbol();
      if (sym === undefined) return undefined;
      const decls = sym.getDeclarations() ?? [];
      if (decls.length === 0 || !decls.every((d) => ctx.isLibFile(d.getSourceFile()))) return undefined;
      if (singletons.has(sym.getName())) return sym.getName();
      // Builtin functions and methods (`parseInt.x = 1`, `Math.max.x = 1`).
      if (decls.some((d) => ts.isFunctionDeclaration(d) || ts.isMethodSignature(d))) return ctx.checker.typeToString(t);
      return undefined;
    };
    const builtinTypeName = (obj: ts.Expression): string | undefined =>
      builtinTypeNameOf(ctx.checker.getTypeAtLocation(obj));
    const c = ctx.checker;
    /** The first member of the view `t` that the builtin `s` has: a way to write it. */
    const writableMember = (s: ts.Type, t: ts.Type): string | undefined => {
      if (s === t || (s.getSymbol() !== undefined && s.getSymbol() === t.getSymbol())) return undefined;
      const own = c.getApparentType(s);
      return c
        .getPropertiesOfType(t)
        .map((p) => p.getName())
        .find((name) => c.getPropertyOfType(own, name) !== undefined);
    };
    /** A builtin, or a library mapped view of one (`Readonly<Math>` from Object.freeze, `Pick<JSON, ...>`). */
    const builtinBehind = (t: ts.Type): string | undefined => {
      const direct = builtinTypeNameOf(t);
      if (direct !== undefined) return direct;
      const alias = t.aliasSymbol;
      const first = t.aliasTypeArguments?.[0];
      const fromLib = (alias?.getDeclarations() ?? []).some((d) => ctx.isLibFile(d.getSourceFile()));
      return alias !== undefined && fromLib && MAPPED_VIEWS.has(alias.getName()) && first !== undefined
        ? builtinTypeNameOf(first)
        : undefined;
    };
    const sensitivity: Sensitivity = {
      isLeaf: (t) => builtinBehind(t) !== undefined,
      // A builtin is an object: the view is an alias whether the flow copies it or not.
      leafProblem: (s, t) => {
        const member = writableMember(s, t);
        return member === undefined ? undefined : member;
      },
    };
    const finder = new WideningFinder(c, sensitivity);
    return (node) => {
      if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isWriteTarget(node)) {
        const name = builtinTypeName(node.expression);
        if (name !== undefined) ctx.report(node, "mutateBuiltin", { type: name });
      } else if (ts.isCallExpression(node)) {
        const member = libMemberOfType(ctx, node.expression);
        const target = node.arguments[0];
        const name = target === undefined ? undefined : builtinBehind(ctx.checker.getTypeAtLocation(target));
        if (target !== undefined && name !== undefined) {
          if (member === "ObjectConstructor.assign") ctx.report(target, "assignBuiltin", { type: name });
          else if (member !== undefined && FREEZERS.has(member))
            ctx.report(target, "freezeBuiltin", { fn: member.slice("ObjectConstructor.".length), type: name });
        }
      }
      for (const flow of flowsAt(ctx, node)) {
        const w = finder.find(flow);
        if (w === undefined) continue;
        // One report per place (a class's heritage is two flows: instance and static side).
        ctx.report(flow.node, "widenBuiltin", {
          text: clip(flow.node.getText(ctx.sourceFile)),
          type: clip(builtinBehind(w.from) ?? c.typeToString(w.from)),
          where: w.path === "" ? "" : ` (at ${w.path.trim()})`,
          to: clip(c.typeToString(w.to)),
          member: w.tooDeep === true ? "(any: the types are nested too deeply to compare)" : w.why,
        });
        break;
      }
    };
  },
});
