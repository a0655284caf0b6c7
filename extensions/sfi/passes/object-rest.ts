/**
 * Object rest elements, for the strings pass (passes/strings.ts). A rest in a pattern
 * (`const { a, ...r } = v`, `({ ...r }) => …`, `for (const { ...r } of vs)`, `catch ({ ...r })`,
 * `({ ...r } = v)`) copies every other own key of its value in one C++ (or C) step, as an object
 * spread does, with no interrupt check between the copies (issue 10, red team's
 * object-rest-variable: 400 rests of an object of 2^16 keys a call held native's thread). A
 * spread's value goes through `__sfi_idx`, which charges its keys first; a pattern has no
 * expression to wrap where its value arrives, so each place is desugared into one that has:
 *
 *   const { a: { ...q }, ...s } = E   →  const { a: __sfi_restN, ...s } = __sfi_idx(E, site),
 *                                              { ...q } = __sfi_idx(__sfi_restN, site)
 *   function f(P) { B }               →  function f(__sfi_restN) { var P = __sfi_restN; B }
 *   for (const P of E) S              →  for (const __sfi_restN of E) { const P = __sfi_restN; S }
 *   catch (P) { B }                   →  catch (__sfi_restN) { let P = __sfi_restN; B }
 *   ({ ...r } = E)                    →  ({ ...r } = __sfi_idx(E, site))
 *   ({ a: { ...q } } = E)             →  (__sfi_tN = E, { a: __sfi_tM } = __sfi_tN,
 *                                          { ...q } = __sfi_idx(__sfi_tM, site), __sfi_tN)
 *
 * (P a pattern with an object rest anywhere in it; the declarations made are then charged as the
 * first line is.) A nested pattern's rest is destructured after the rest of its enclosing
 * pattern, not in its place: only a getter could tell. A parameter's pattern binds in the body,
 * as `var` (a body may redeclare a parameter's name with `var`); a later parameter's default that
 * names one of its bindings would see another scope, so that one is refused at load, at its place
 * (sfi/rest-parameter-default), and so is an earlier one's (a closure in its default sees the
 * parameters); a generator's pattern too (sfi/rest-parameter-generator: its body runs at its
 * first next(), not at the call). A pattern whose rest has other elements before it is charged
 * where the rest is copied, after they ran (lateCharge):
 *
 *   const { a = d, ...r } = E         →  const { a = d, [__sfi_late(__sfi_tN, site)]: __sfi_restM, ...r }
 *                                              = (__sfi_tN = E)
 *
 * An exported declaration with a nested rest binds fresh names and exports the original ones from them (`export const q = __sfi_restN`): the transpiler would export
 * our names too, and assign them undeclared.
 * The `__sfi_restN` names are bound by the pattern that replaces the original; `__sfi` names are
 * refused in extensions.
 */
import ts from "../../typescript.js";
import { isRuntimeCall, withBody, type FunctionWithBody } from "../context.js";

/** A binding pattern with an object rest of its own (`{ a, ...r }`). */
function hasObjectRest(n: ts.BindingName): boolean {
  return ts.isObjectBindingPattern(n) && n.elements.some((e) => e.dotDotDotToken !== undefined);
}

/** A binding pattern with an object rest anywhere in it. */
export function containsObjectRest(n: ts.BindingName): boolean {
  if (ts.isIdentifier(n)) return false;
  if (hasObjectRest(n)) return true;
  return n.elements.some((e) => ts.isBindingElement(e) && containsObjectRest(e.name));
}

/** An object literal assignment target with a rest of its own (`{ a, ...r } = v`). */
function hasTargetRest(e: ts.Expression): boolean {
  return ts.isObjectLiteralExpression(e) && e.properties.some(ts.isSpreadAssignment);
}

/** An assignment target's nested targets, as written: a default's target, not its value. */
function targetChildren(e: ts.Expression): ts.Expression[] {
  if (ts.isObjectLiteralExpression(e))
    return e.properties.flatMap((p) =>
      ts.isPropertyAssignment(p) ? [p.initializer] : ts.isSpreadAssignment(p) ? [p.expression] : [],
    );
  if (ts.isArrayLiteralExpression(e)) return e.elements.map((x) => (ts.isSpreadElement(x) ? x.expression : x));
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) return [e.left];
  return [];
}

/** An assignment target (object or array literal) with an object rest anywhere in it. */
export function containsTargetRest(e: ts.Expression): boolean {
  return hasTargetRest(e) || targetChildren(e).some(containsTargetRest);
}

/** Whether `e` is a destructuring assignment `{…} = v` or `[…] = v`. */
export function isDestructuring(e: ts.Node): e is ts.AssignmentExpression<ts.EqualsToken> {
  return (
    ts.isBinaryExpression(e) &&
    e.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    (ts.isObjectLiteralExpression(e.left) || ts.isArrayLiteralExpression(e.left))
  );
}

function boundNames(n: ts.BindingName, out: Set<string>): Set<string> {
  if (ts.isIdentifier(n)) out.add(n.text);
  else for (const e of n.elements) if (ts.isBindingElement(e)) boundNames(e.name, out);
  return out;
}

/** Whether `n` names one of `names` in a value (a type's `typeof r` is gone once transpiled). */
function mentions(n: ts.Node, names: ReadonlySet<string>): boolean {
  if (ts.isTypeNode(n)) return false;
  return (
    (ts.isIdentifier(n) && names.has(n.text)) || (ts.forEachChild(n, (c) => mentions(c, names) || undefined) ?? false)
  );
}

export interface RestTools {
  readonly f: ts.NodeFactory;
  readonly tctx: ts.TransformationContext;
  /** `__sfi_idx(value, site at 'at')`. */
  readonly indexed: (value: ts.Expression, at: ts.Node) => ts.Expression;
  /** `__sfi_late(value, site at 'at')`: `__sfi_idx`'s charge, then a key no object has. */
  readonly late: (value: ts.Expression, at: ts.Node) => ts.Expression;
  /** A `let` temporary of the innermost function (strings.ts `temp`). */
  readonly temp: () => ts.Identifier;
  /** A fresh name for a pattern to bind. */
  readonly restName: () => ts.Identifier;
  /** Refuse the extension at `node` (the rewrite's errors, each at its place). */
  readonly refuse: (node: ts.Node, code: string, message: string) => void;
}

export function objectRest(t: RestTools) {
  const { f, indexed, temp, restName, late } = t;

  /**
   * The charge of a pattern's rest, made where the rest is copied (red team 17,
   * object-rest-default-grows): the pattern's other elements run first (a getter, a default, a
   * computed key), and may grow the value in one C step (a resizable ArrayBuffer's view from 0
   * to 2^18 indices) after a charge at its arrival. So the value is bound to a temporary `v`,
   * and a computed key put last before the rest, evaluated after every other element as the
   * pattern's order is (ES2024 13.15.5.3, 8.6.3: property bindings in order, then the rest's
   * copy), charges it: `{ a = d, ...r } = E` → `{ a = d, [__sfi_late(v, site)]: x, ...r } =
   * (v = E)`. The key is a symbol of the runtime's that no object has: `x` is undefined and the
   * rest excludes nothing more (no Proxy can see the read: the verifier refuses Proxy). A
   * pattern of the rest alone runs nothing first: its value is charged as it arrives.
   */
  const lateCharge = <P extends ts.ObjectBindingPattern | ts.ObjectLiteralExpression>(
    p: P,
    value: ts.Identifier,
    at: ts.Node,
    sink: () => ts.Identifier,
  ): P => {
    if (ts.isObjectBindingPattern(p)) {
      const els = p.elements;
      const key = f.createBindingElement(undefined, f.createComputedPropertyName(late(value, at)), sink());
      return f.updateObjectBindingPattern(p, [...els.slice(0, -1), key, ...els.slice(-1)]) as P;
    }
    const o = p as ts.ObjectLiteralExpression;
    const props = o.properties;
    const key = f.createPropertyAssignment(f.createComputedPropertyName(late(value, at)), sink());
    return f.updateObjectLiteralExpression(o, [...props.slice(0, -1), key, ...props.slice(-1)]) as P;
  };
  /** Whether a pattern with a rest of its own has elements that run before its copy. */
  const runsFirst = (p: ts.ObjectBindingPattern | ts.ObjectLiteralExpression): boolean =>
    (ts.isObjectBindingPattern(p) ? p.elements.length : p.properties.length) > 1;
  /**
   * `pattern = value`'s pattern and value with its rest's charge (lateCharge: at the copy, or at
   * the value when nothing runs before it); `sink` names the unused binding.
   */
  const chargedRest = <P extends ts.ObjectBindingPattern | ts.ObjectLiteralExpression>(
    pattern: P,
    value: ts.Expression,
    at: ts.Node,
    sink: () => ts.Identifier,
  ): [P, ts.Expression] => {
    if (!runsFirst(pattern)) return [pattern, indexed(value, at)];
    const v = temp();
    return [lateCharge(pattern, v, at, sink), f.createParenthesizedExpression(f.createAssignment(v, value))];
  };
  const letOrConst = (flags: ts.NodeFlags) => flags & (ts.NodeFlags.Let | ts.NodeFlags.Const);
  const bind = (name: ts.BindingName, value: ts.Expression, flags: ts.NodeFlags): ts.Statement =>
    f.createVariableStatement(
      undefined,
      f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, value)], flags),
    );

  /** `pattern` with each nested pattern that has a rest of its own bound to a fresh name; `later` gets `nested = name`. */
  const hoist = (p: ts.BindingPattern, later: ts.VariableDeclaration[]): ts.BindingPattern => {
    const element = (e: ts.BindingElement): ts.BindingElement => {
      if (!containsObjectRest(e.name)) return e;
      if (!hasObjectRest(e.name))
        return f.updateBindingElement(
          e,
          e.dotDotDotToken,
          e.propertyName,
          hoist(e.name as ts.BindingPattern, later),
          e.initializer,
        );
      const name = restName();
      later.push(f.createVariableDeclaration(e.name, undefined, undefined, name));
      return f.updateBindingElement(e, e.dotDotDotToken, e.propertyName, name, e.initializer);
    };
    if (ts.isObjectBindingPattern(p)) return f.updateObjectBindingPattern(p, p.elements.map(element));
    return f.updateArrayBindingPattern(
      p,
      p.elements.map((e) => (ts.isBindingElement(e) ? element(e) : e)),
    );
  };

  /** One declaration as those that charge each object rest's value before its copy. */
  const declarations = (d: ts.VariableDeclaration): ts.VariableDeclaration[] => {
    if (d.initializer === undefined || !containsObjectRest(d.name)) return [d];
    const later: ts.VariableDeclaration[] = [];
    const hoisted = hoist(d.name as ts.BindingPattern, later);
    const [name, init] = hasObjectRest(d.name)
      ? chargedRest(hoisted as ts.ObjectBindingPattern, d.initializer, d.name, restName)
      : [hoisted, d.initializer];
    return [f.updateVariableDeclaration(d, name, d.exclamationToken, d.type, init), ...later.flatMap(declarations)];
  };

  /** A declaration list, charged (undefined when it has no object rest to charge). */
  const declarationList = (l: ts.VariableDeclarationList): ts.VariableDeclarationList | undefined =>
    l.declarations.some((d) => d.initializer !== undefined && containsObjectRest(d.name))
      ? f.updateVariableDeclarationList(l, l.declarations.flatMap(declarations))
      : undefined;

  /**
   * An exported declaration with a nested object rest, as a declaration of fresh names and an
   * exported one of the original names from them: the transpiler makes an exported binding a
   * property of `exports` by its declaration, and a name bound by a pattern this pass made is one
   * it does not know (it assigned an undeclared name). A rest of the pattern itself needs none.
   */
  const exported = (v: ts.VariableStatement): [ts.VariableStatement, ts.VariableStatement] | undefined => {
    const mods = v.modifiers ?? [];
    if (!mods.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return undefined;
    const ds = v.declarationList.declarations;
    const nested = (d: ts.VariableDeclaration) =>
      !ts.isIdentifier(d.name) && d.name.elements.some((e) => ts.isBindingElement(e) && containsObjectRest(e.name));
    if (!ds.some((d) => d.initializer !== undefined && nested(d))) return undefined;
    const pairs: [ts.Identifier, ts.Identifier][] = [];
    const renamed = (n: ts.BindingName): ts.BindingName => {
      if (ts.isIdentifier(n)) {
        const fresh = restName();
        pairs.push([n, fresh]);
        return fresh;
      }
      const element = (e: ts.BindingElement): ts.BindingElement =>
        f.updateBindingElement(
          e,
          e.dotDotDotToken,
          e.propertyName ??
            (ts.isObjectBindingPattern(n) && ts.isIdentifier(e.name) && e.dotDotDotToken === undefined
              ? e.name
              : undefined),
          renamed(e.name),
          e.initializer,
        );
      return ts.isObjectBindingPattern(n)
        ? f.updateObjectBindingPattern(n, n.elements.map(element))
        : f.updateArrayBindingPattern(
            n,
            n.elements.map((e) => (ts.isBindingElement(e) ? element(e) : e)),
          );
    };
    const flags = v.declarationList.flags;
    const inner = f.updateVariableStatement(
      v,
      mods.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword),
      f.updateVariableDeclarationList(
        v.declarationList,
        ds.map((d) => f.updateVariableDeclaration(d, renamed(d.name), d.exclamationToken, d.type, d.initializer)),
      ),
    );
    const outer = f.createVariableStatement(
      mods.filter((m) => m.kind === ts.SyntaxKind.ExportKeyword),
      f.createVariableDeclarationList(
        pairs.map(([name, fresh]) => f.createVariableDeclaration(name, undefined, undefined, fresh)),
        letOrConst(flags),
      ),
    );
    return [inner, outer];
  };

  /** A function whose parameters' patterns with object rests bind in its body. */
  const parameters = (fn: FunctionWithBody): FunctionWithBody | undefined => {
    if (!fn.parameters.some((p) => containsObjectRest(p.name))) return undefined;
    // A generator's body starts at its first next(), not at the call: moved there, the pattern's
    // getters would run late (red team 17, object-rest-param-scope).
    if (fn.asteriskToken !== undefined) {
      const p = fn.parameters.find((q) => containsObjectRest(q.name))!;
      t.refuse(
        p,
        "sfi/rest-parameter-generator",
        "a generator's parameter pattern with an object rest; that pattern is destructured at the top of the body, where its copy is charged, which a generator runs at its first next(), not at the call: take the parameter whole and destructure it in the body yourself, or in a plain function that calls the generator",
      );
      return undefined;
    }
    const moved: ts.VariableDeclaration[] = [];
    const renamed = new Map<ts.Node, ts.ParameterDeclaration>();
    fn.parameters.forEach((p, i) => {
      if (!containsObjectRest(p.name)) return;
      const names = boundNames(p.name, new Set());
      // Any other parameter: a closure in an earlier one's default sees the parameters too, and
      // would read an outer binding of the name once the pattern binds in the body (red team
      // 17, object-rest-param-scope).
      const other = fn.parameters.find((q, j) => j !== i && mentions(q, names));
      if (other !== undefined)
        t.refuse(
          other,
          "sfi/rest-parameter-default",
          "a parameter that names a binding of another parameter's pattern with an object rest; that pattern is destructured at the top of the body, where its copy is charged, out of this parameter's sight: destructure it in the body yourself",
        );
      const name = restName();
      moved.push(f.createVariableDeclaration(p.name, undefined, undefined, name));
      renamed.set(
        p,
        f.updateParameterDeclaration(p, p.modifiers, p.dotDotDotToken, name, p.questionToken, p.type, p.initializer),
      );
    });
    const n = ts.visitEachChild(fn, (c) => renamed.get(c) ?? c, t.tctx) as FunctionWithBody;
    const statement = f.createVariableStatement(undefined, f.createVariableDeclarationList(moved, ts.NodeFlags.None));
    const body = n.body!;
    if (!ts.isBlock(body)) return withBody(f, n, f.createBlock([statement, f.createReturnStatement(body)], true));
    // After a directive prologue (a string literal first is one only there).
    let k = 0;
    while (
      k < body.statements.length &&
      ts.isExpressionStatement(body.statements[k]!) &&
      ts.isStringLiteral((body.statements[k] as ts.ExpressionStatement).expression)
    )
      k++;
    return withBody(
      f,
      n,
      f.updateBlock(body, [...body.statements.slice(0, k), statement, ...body.statements.slice(k)]),
    );
  };

  /** A for-of or for-in whose head binds (or assigns) a pattern with an object rest: a name first, the pattern in the body. */
  const loop = (s: ts.ForOfStatement | ts.ForInStatement): ts.ForOfStatement | ts.ForInStatement | undefined => {
    const h = s.initializer;
    let head: ts.ForInitializer;
    let first: ts.Statement;
    if (ts.isVariableDeclarationList(h)) {
      const d = h.declarations[0];
      if (d === undefined || h.declarations.length !== 1 || !containsObjectRest(d.name)) return undefined;
      const name = restName();
      head = f.updateVariableDeclarationList(h, [
        f.updateVariableDeclaration(d, name, d.exclamationToken, d.type, undefined),
      ]);
      first = bind(d.name, name, letOrConst(h.flags));
    } else {
      if (!containsTargetRest(h)) return undefined;
      const name = temp();
      head = name;
      first = f.createExpressionStatement(f.createAssignment(h, name));
    }
    const body = f.createBlock([first, s.statement], true);
    return ts.isForOfStatement(s)
      ? f.updateForOfStatement(s, s.awaitModifier, head, s.expression, body)
      : f.updateForInStatement(s, head, s.expression, body);
  };

  /** A catch clause that binds a pattern with an object rest: a name first, the pattern in the block. */
  const catchClause = (c: ts.CatchClause): ts.CatchClause | undefined => {
    const d = c.variableDeclaration;
    if (d === undefined || !containsObjectRest(d.name)) return undefined;
    const name = restName();
    // After the clause's own checks (passes/core.ts: a pending trap is raised again first).
    const s = c.block.statements;
    let k = 0;
    while (
      k < s.length &&
      ts.isExpressionStatement(s[k]!) &&
      isRuntimeCall((s[k] as ts.ExpressionStatement).expression)
    )
      k++;
    return f.updateCatchClause(
      c,
      f.updateVariableDeclaration(d, name, d.exclamationToken, d.type, undefined),
      f.updateBlock(c.block, [...s.slice(0, k), bind(d.name, name, ts.NodeFlags.Let), ...s.slice(k)]),
    );
  };

  /**
   * A destructuring assignment: its right side charged when its target has a rest of its own; a
   * nested target with one assigned afterwards from a temporary, in a comma list that keeps the
   * assignment's value (undefined when it has no nested one).
   */
  const assignment = (e: ts.AssignmentExpression<ts.EqualsToken>): ts.Expression | undefined => {
    const later: [ts.Expression, ts.Identifier][] = [];
    const hoistTarget = (x: ts.Expression, top: boolean): ts.Expression => {
      if (!top && hasTargetRest(x)) {
        const name = temp();
        later.push([x, name]);
        return name;
      }
      if (ts.isObjectLiteralExpression(x))
        return f.updateObjectLiteralExpression(
          x,
          x.properties.map((p) =>
            ts.isPropertyAssignment(p)
              ? f.updatePropertyAssignment(p, p.name, hoistTarget(p.initializer, false))
              : ts.isSpreadAssignment(p)
                ? f.updateSpreadAssignment(p, hoistTarget(p.expression, false))
                : p,
          ),
        );
      if (ts.isArrayLiteralExpression(x))
        return f.updateArrayLiteralExpression(
          x,
          x.elements.map((y) =>
            ts.isSpreadElement(y) ? f.updateSpreadElement(y, hoistTarget(y.expression, false)) : hoistTarget(y, false),
          ),
        );
      if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.EqualsToken)
        return f.updateBinaryExpression(x, hoistTarget(x.left, false), x.operatorToken, x.right);
      return x;
    };
    const left = hoistTarget(e.left, true);
    if (later.length === 0) return undefined;
    const whole = temp();
    return f.createParenthesizedExpression(
      f.createCommaListExpression([
        f.createAssignment(whole, e.right),
        f.createAssignment(left, whole),
        ...later.map(([target, name]) => f.createAssignment(target, name)),
        whole,
      ]),
    );
  };

  /** A destructuring assignment's target with a rest of its own and its value, charged (chargedRest). */
  const chargedTarget = (
    target: ts.ObjectLiteralExpression,
    value: ts.Expression,
    at: ts.Node,
  ): [ts.ObjectLiteralExpression, ts.Expression] => chargedRest(target, value, at, temp);

  return { exported, declarationList, parameters, loop, catchClause, assignment, hasTargetRest, chargedTarget };
}
