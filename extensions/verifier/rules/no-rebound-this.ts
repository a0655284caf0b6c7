import ts from "typescript";
import { defineRule } from "../rule.js";
import { libMemberOfType } from "../util.js";

const REBINDERS: ReadonlySet<string> = new Set(
  ["call", "apply", "bind"].flatMap((m) => [`CallableFunction.${m}`, `NewableFunction.${m}`, `Function.${m}`]),
);

/**
 * A method's body trusts `this` to be its receiver, of the type the checker saw. `call`,
 * `apply` and `bind` hand it any other object, and for a method with no declared `this`
 * parameter the checker infers `unknown` for it and accepts anything: `nums.push.call(frames, 7)`
 * pushes 7 into a `Frame[]` (issue 8, finding 8's neighbour), `new C().m.call({ f: 7 })` runs
 * `m` on an object whose `f` it reads as a Frame, and `xs.includes.call({ length: "9e15" }, 1)`
 * runs a builtin on an array-like the sandbox's meter does not expect (issue 8, finding 1).
 * Functions that declare `this` (`function f(this: Frame)`) are checked by strictBindCallApply
 * and stay allowed, as do functions that do not use `this`.
 */
export default defineRule({
  id: "no-rebound-this",
  messages: {
    rebound: "'{{text}}' runs the method '{{method}}' with an explicit 'this'; expected it called on its own receiver: its body trusts 'this' to be what the checker saw",
  },
  why: "`call`/`apply`/`bind` give a method a `this` the checker does not relate to it: `nums.push.call(frames, 7)` writes a number into a Frame[].",
  check(ctx) {
    const c = ctx.checker;
    /** The method declaration behind `e` (a member read, or an alias of one), if any. */
    const methodOf = (e: ts.Expression): ts.SignatureDeclaration | undefined => {
      while (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
      const symbols = [c.getSymbolAtLocation(ts.isPropertyAccessExpression(e) ? e.name : e), c.getTypeAtLocation(e).getSymbol()];
      for (let sym of symbols) {
        if (sym !== undefined && (sym.flags & ts.SymbolFlags.Alias) !== 0) sym = c.getAliasedSymbol(sym);
        for (const d of sym?.getDeclarations() ?? []) if (ts.isMethodDeclaration(d) || ts.isMethodSignature(d)) return d;
      }
      return undefined;
    };
    return (node) => {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      if (!REBINDERS.has(libMemberOfType(ctx, node.expression) ?? "")) return;
      const target = node.expression.expression;
      const method = methodOf(target);
      if (method === undefined) return;
      const declaresThis = method.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === "this");
      if (declaresThis) return;
      const text = node.getText(ctx.sourceFile).replace(/\s+/g, " ");
      const owner = method.parent !== undefined && (ts.isInterfaceDeclaration(method.parent) || ts.isClassLike(method.parent)) && method.parent.name !== undefined ? `${method.parent.name.text}.` : "";
      ctx.report(node, "rebound", { text: text.length > 40 ? `${text.slice(0, 37)}...` : text, method: `${owner}${method.name?.getText(method.getSourceFile()) ?? "?"}` });
    };
  },
});
