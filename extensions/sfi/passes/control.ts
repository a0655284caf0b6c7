/**
 * Pass 3, control flow. No dynamic code, and calls only to known code:
 *  - computed member keys `o[k]` become `o[typeof (__sfi_k = k) === "number" ? __sfi_k :
 *    __sfi_key(__sfi_k, site)]`: numbers pass inline; anything else is turned into its string
 *    once (so a `toString` cannot answer differently later) and refused if it is `constructor`,
 *    `__proto__`, `prototype`, `caller`, `callee`, `arguments`, `eval` or a legacy accessor API.
 *    A literal key that is one of those is refused at load time. Computed names in destructuring
 *    and object literals go through `__sfi_key` too.
 *  - indirect calls (a callee that is not a method access and not a statically known function of
 *    the extension or a builtin constructor that is never reassigned) become
 *    `__sfi_ic(callee, site)(…)`: the target must be in the table of the extension's own
 *    functions (every function literal is entered with `__sfi_fn` where it is created, every
 *    function declaration at the top of its scope) or of the host's builtins (collected by the
 *    runtime before the extension runs, without the code-generating constructors). A class is
 *    entered as it is made: a declaration by a static block put first in its body, an
 *    expression as a function literal is.
 *  - method calls `o.m(…)` are not rewritten (it would cost an extra call on every `push`):
 *    the runtime instead makes `Function`, `AsyncFunction`, `GeneratorFunction` and
 *    `AsyncGeneratorFunction` unreachable through `.constructor` (SES-style taming), and the
 *    `Function`/`eval` names remain refused by the verifier rules SFI mode keeps.
 */
import ts from "../../typescript.js";
import {
  callRuntime,
  count,
  isFunctionWithBody,
  isReserved,
  like,
  num,
  visitValues,
  type RewriteContext,
} from "../context.js";

export const DANGEROUS_KEYS: ReadonlySet<string> = new Set([
  "constructor",
  "__proto__",
  "prototype",
  "caller",
  "callee",
  "arguments",
  "eval",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);

/** Builtins called directly (`new Map()`, `Number(x)`) without the table check, if never rebound. */
const DIRECT_GLOBALS: ReadonlySet<string> = new Set([
  "Array",
  "Boolean",
  "Error",
  "Map",
  "Number",
  "RangeError",
  "Set",
  "String",
  "TypeError",
  "WeakMap",
  "WeakSet",
  "isFinite",
  "isNaN",
  "parseFloat",
  "parseInt",
  "Symbol",
]);

/** The name a function or class literal gets from where it is written (`const f = …`, `{ f: … }`). */
function boundName(parent: ts.Node | undefined): string | undefined {
  if (parent === undefined) return undefined;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name)))
    return parent.name.text;
  return undefined;
}

/** A class with a static member named `name`: that member is its name, not the binding's. */
function hasStaticName(node: ts.ClassLikeDeclaration): boolean {
  return node.members.some(
    (m) =>
      m.name !== undefined &&
      (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) &&
      m.name.text === "name" &&
      (ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0,
  );
}

/** `declare class C {}`: no code at run time. */
function isAmbient(node: ts.ClassLikeDeclaration): boolean {
  return (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Ambient) !== 0;
}

export function controlPass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  const a = ctx.analysis;
  const heapPassOn = ctx.options.passes.heap;
  return (tctx) => {
    const f = tctx.factory;
    const guardKey = (key: ts.Expression, at: ts.Node): ts.Expression => {
      count(ctx, "control.key");
      const site = ctx.sites.add(at);
      const t = () => f.createIdentifier("__sfi_k");
      const test = f.createBinaryExpression(
        f.createTypeOfExpression(f.createParenthesizedExpression(f.createAssignment(t(), key))),
        ts.SyntaxKind.EqualsEqualsEqualsToken,
        f.createStringLiteral("number"),
      );
      return like(
        f.createConditionalExpression(
          test,
          undefined,
          t(),
          undefined,
          callRuntime(f, "__sfi_key", [t(), num(f, site)]),
        ),
        key,
      );
    };
    const literalKey = (key: ts.Expression): string | undefined =>
      ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)
        ? key.text
        : ts.isNumericLiteral(key)
          ? "0"
          : undefined;
    const directCallee = (c: ts.Expression): boolean => {
      if (ts.isPropertyAccessExpression(c) || ts.isElementAccessExpression(c)) return true; // method call
      if (c.kind === ts.SyntaxKind.SuperKeyword || c.kind === ts.SyntaxKind.ImportKeyword) return true;
      if (ts.isIdentifier(c)) {
        if (isReserved(c.text)) return true;
        if (a.ownFunctions.has(c.text)) return true;
        if (DIRECT_GLOBALS.has(c.text) && !a.declared.has(c.text) && !a.unstable.has(c.text)) return true;
      }
      return false;
    };
    const checkedCallee = (c: ts.Expression, at: ts.Node, optional: boolean): ts.Expression => {
      count(ctx, "control.call");
      return like(callRuntime(f, "__sfi_ic", [c, num(f, ctx.sites.add(at)), ...(optional ? [num(f, 1)] : [])]), c);
    };
    /** Statement lists: enter the function declarations they hoist into the table first. */
    const registerDeclarations = (statements: ts.NodeArray<ts.Statement>): ts.Statement[] => {
      const regs: ts.Statement[] = [];
      for (const s of statements) {
        if (ts.isFunctionDeclaration(s) && s.name && s.body) {
          count(ctx, "control.fn");
          regs.push(f.createExpressionStatement(callRuntime(f, "__sfi_fn", [f.createIdentifier(s.name.text)])));
        }
      }
      return regs;
    };
    const visit = (node: ts.Node, parent?: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      const go = (n: ts.Node): ts.VisitResult<ts.Node | undefined> => visit(n, node);
      // The transpiler lowers a decorator to its helpers (__esDecorate, __runInitializers), which
      // read and define properties with Object.getOwnPropertyDescriptor and defineProperty: the
      // taming below makes both traps, so a correct extension faulted on every call, unloaded
      // (red team 13, sfi-decorator-refused). Refused here, at its place, with what to do.
      if (ts.isDecorator(node))
        ctx.errors.push({
          node,
          code: "sfi/decorator",
          message:
            "a decorator; SFI mode cannot run the transpiler's decorator helpers (they define properties, which its control pass refuses): call the wrapping function yourself, or load the extension in another placement",
        });
      if (ts.isElementAccessExpression(node)) {
        const e = ts.visitNode(node.expression, go) as ts.Expression;
        const key = ts.visitNode(node.argumentExpression, go) as ts.Expression;
        if (heapPassOn && ts.isIdentifier(node.expression) && node.expression.text === "__sfi_heap")
          return f.updateElementAccessExpression(node, e, key);
        const lit = literalKey(node.argumentExpression);
        if (lit !== undefined) {
          if (DANGEROUS_KEYS.has(lit))
            ctx.errors.push({
              node,
              code: "sfi/dangerous-key",
              message: `computed access to '${lit}'; expected no access to prototypes, constructors or callers`,
            });
          return f.updateElementAccessExpression(node, e, key);
        }
        return ts.isElementAccessChain(node)
          ? f.updateElementAccessChain(node, e, node.questionDotToken, guardKey(key, node))
          : f.updateElementAccessExpression(node, e, guardKey(key, node));
      }
      if (ts.isComputedPropertyName(node)) {
        const key = ts.visitNode(node.expression, go) as ts.Expression;
        const lit = literalKey(node.expression);
        if (lit !== undefined) {
          if (DANGEROUS_KEYS.has(lit))
            ctx.errors.push({
              node,
              code: "sfi/dangerous-key",
              message: `computed name '${lit}'; expected no access to prototypes, constructors or callers`,
            });
          return f.updateComputedPropertyName(node, key);
        }
        count(ctx, "control.key");
        return f.updateComputedPropertyName(
          node,
          like(callRuntime(f, "__sfi_key", [key, num(f, ctx.sites.add(node))]), node.expression),
        );
      }
      if (ts.isCallExpression(node)) {
        const n = visitValues(node, go, tctx);
        if (directCallee(node.expression)) return n;
        const optional = n.questionDotToken !== undefined;
        return ts.isCallChain(n)
          ? f.updateCallChain(
              n,
              checkedCallee(n.expression, node, true),
              n.questionDotToken,
              n.typeArguments,
              n.arguments,
            )
          : f.updateCallExpression(n, checkedCallee(n.expression, node, optional), n.typeArguments, n.arguments);
      }
      if (ts.isNewExpression(node)) {
        const n = visitValues(node, go, tctx);
        if (
          directCallee(node.expression) &&
          !ts.isPropertyAccessExpression(node.expression) &&
          !ts.isElementAccessExpression(node.expression)
        )
          return n;
        return f.updateNewExpression(
          n,
          f.createParenthesizedExpression(checkedCallee(n.expression, node, false)),
          n.typeArguments,
          n.arguments,
        );
      }
      if (ts.isTaggedTemplateExpression(node)) {
        const n = visitValues(node, go, tctx);
        if (directCallee(node.tag)) return n;
        return f.updateTaggedTemplateExpression(n, checkedCallee(n.tag, node, false), n.typeArguments, n.template);
      }
      if (
        (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
        !a.handlerLiterals.has(ts.getOriginalNode(node))
      ) {
        const n = visitValues(node, go, tctx);
        count(ctx, "control.fn");
        let name = boundName(parent);
        if (ts.isFunctionExpression(node) && node.name) name = undefined;
        return like(callRuntime(f, "__sfi_fn", name === undefined ? [n] : [n, f.createStringLiteral(name)]), node);
      }
      // A class is the extension's own code, constructed by `new C()` (an indirect call): it
      // enters the table as it is made (red team 8, sfi-string-method-name: every class was
      // outside the table, so `new Counter()` of a correct extension was an sfi fault in sfi
      // only). A declaration by a static block of its own, first; an expression as a function
      // literal is, with the name it is bound to (`const C = class {}`), unless a static member
      // of its own is its name. (A static block in a class expression would make the
      // transpiler name it with a helper that calls Object.defineProperty, which SFI tames.)
      if (ts.isClassDeclaration(node) && node.name !== undefined && !isAmbient(node)) {
        const n = visitValues(node, go, tctx);
        count(ctx, "control.fn");
        const enter = f.createClassStaticBlockDeclaration(
          f.createBlock([f.createExpressionStatement(callRuntime(f, "__sfi_fn", [f.createThis()]))]),
        );
        return f.updateClassDeclaration(n, n.modifiers, n.name, n.typeParameters, n.heritageClauses, [
          enter,
          ...n.members,
        ]);
      }
      if (ts.isClassExpression(node)) {
        const n = visitValues(node, go, tctx);
        count(ctx, "control.fn");
        const bound = node.name === undefined && !hasStaticName(node) ? boundName(parent) : undefined;
        return like(callRuntime(f, "__sfi_fn", bound === undefined ? [n] : [n, f.createStringLiteral(bound)]), node);
      }
      if (
        ts.isSourceFile(node) ||
        ts.isBlock(node) ||
        ts.isModuleBlock(node) ||
        ts.isCaseClause(node) ||
        ts.isDefaultClause(node)
      ) {
        const n = visitValues(node, go, tctx);
        const regs = registerDeclarations(node.statements);
        if (regs.length === 0) return n;
        if (ts.isBlock(n)) return f.updateBlock(n, [...regs, ...n.statements]);
        if (ts.isCaseClause(n)) return f.updateCaseClause(n, n.expression, [...regs, ...n.statements]);
        if (ts.isDefaultClause(n)) return f.updateDefaultClause(n, [...regs, ...n.statements]);
        return n;
      }
      void isFunctionWithBody;
      return visitValues(node, go, tctx);
    };
    return (sf) => {
      const n = ts.visitEachChild(sf, (c) => visit(c, sf), tctx);
      const regs = registerDeclarations(sf.statements);
      return regs.length === 0 ? n : f.updateSourceFile(n, [...regs, ...n.statements]);
    };
  };
}
