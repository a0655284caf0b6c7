/**
 * Assignment-like flows and the widenings TypeScript lets through them.
 *
 * TypeScript's assignability is unsound in three documented ways that matter here: object
 * properties and array elements are covariant although they can be written (`Frame[]` is a
 * `number[]`), method parameters are bivariant even under strictFunctionTypes, and parameters
 * are compared one way only although caller and callee share the objects passed. Each lets a
 * value be seen through a wider type that can *write* what the original type promises never to
 * hold: a plain number where a Frame is read (issue 8, finding 8), or a new `random` where
 * `Math.random` is read.
 *
 * `flowsAt` finds every place the checker relates a value's type to a declared one (a variable,
 * property or parameter initializer with a type, an assignment, a call argument, a return, a
 * class's `extends`/`implements`); `findWidening` walks the two types side by side (properties,
 * index signatures, array and tuple elements, type arguments, call signatures' parameters and
 * returns) and reports the first *shared slot* where a sensitive value (see `Sensitivity`) is
 * seen through a type that accepts something else. Fresh object and array literals are not
 * shared: their own properties are copies, so the walk starts one level down for them.
 */
import ts from "../typescript.js";
import type { RuleContext } from "./rule.js";

/** What a rule protects, and when a view of it is too wide. */
export interface Sensitivity {
  /** A value to protect, wherever it sits (a capability type, a builtin object...). */
  isLeaf(t: ts.Type): boolean;
  /**
   * `source` (a leaf) is seen as `target`. `shared` is false for a value copied at the flow's
   * root (a number copied into a wider variable cannot be written back). The reason, or nothing.
   */
  leafProblem(source: ts.Type, target: ts.Type, shared: boolean): string | undefined;
}

export interface Widening {
  /** Where in the value, e.g. `element`, `.frame`, `.put(parameter 1)`, `<type argument 2>`. */
  readonly path: string;
  readonly from: ts.Type;
  readonly to: ts.Type;
  /** The sensitivity's reason, or why the comparison stopped. */
  readonly why: string;
  /** The types were not compared to the end: refused without a leaf found. */
  readonly tooDeep?: true;
}

/**
 * One flow: the expression (or class) whose value is given `target`'s type. The value itself is
 * handed over (a copy, for a number); what it refers to is shared.
 */
export interface Flow {
  readonly node: ts.Node;
  readonly source: ts.Type;
  readonly target: ts.Type;
  /** The value itself is a slot both sides use (a setter: writes through the target call it). */
  readonly shared?: true;
  /**
   * The value is given to code that reads it as `target` and shares it with the giver, like an
   * argument: the receiver a method is given by `call`/`apply`/`bind`.
   */
  readonly asParameter?: true;
}

/** How deep `walk` compares two types, and how deep `containsLeaf` looks. */
const MAX_DEPTH = 6;
const MAX_SEARCH_DEPTH = 8;

export class WideningFinder {
  private readonly contains = new WeakMap<ts.Type, boolean>();
  private readonly inProgress = new Set<ts.Type>();

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly sensitivity: Sensitivity,
  ) {}

  /**
   * Does `t` hold a sensitive leaf anywhere a view could reach? A type nested deeper than the
   * search goes counts as holding one (the verifier errs on the side of refusing), and only
   * answers not cut short by that limit are remembered.
   */
  containsLeaf(t: ts.Type): boolean {
    return this.search(t, 0, { truncated: false });
  }

  private search(t: ts.Type, depth: number, state: { truncated: boolean }): boolean {
    const known = this.contains.get(t);
    if (known !== undefined) return known;
    if (this.inProgress.has(t)) return false; // a recursive type: its other members decide
    if (depth > MAX_SEARCH_DEPTH) {
      state.truncated = true;
      return true;
    }
    const c = this.checker;
    this.inProgress.add(t);
    const inner = { truncated: false };
    const any = (types: readonly ts.Type[]): boolean => types.some((x) => this.search(x, depth + 1, inner));
    let found = this.sensitivity.isLeaf(t);
    if (!found && t.isUnionOrIntersection()) found = any(t.types);
    if (!found && (t.flags & ts.TypeFlags.Object) !== 0) {
      if (((t as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0)
        found = any(c.getTypeArguments(t as ts.TypeReference));
      if (!found && !c.isArrayType(t) && !c.isTupleType(t)) {
        found =
          any(c.getPropertiesOfType(t).map((p) => c.getTypeOfSymbol(p))) ||
          any(c.getIndexInfosOfType(t).map((i) => i.type)) ||
          [ts.SignatureKind.Call, ts.SignatureKind.Construct].some((k) =>
            c
              .getSignaturesOfType(t, k)
              .some((sig) => any(sig.getParameters().map((p) => c.getTypeOfSymbol(p))) || any([sig.getReturnType()])),
          );
      }
    }
    this.inProgress.delete(t);
    if (found || !inner.truncated) this.contains.set(t, found);
    if (inner.truncated) state.truncated = true;
    return found;
  }

  /** The first widening of a flow's `source` seen as `target` (its root value handed over), or undefined. */
  find(flow: Flow): Widening | undefined {
    if (!this.containsLeaf(flow.source) && !this.containsLeaf(flow.target)) return undefined;
    if (flow.asParameter === true) {
      // As for a parameter (see `signatures`): what the giver passes reaches code that reads it
      // as the target; what that code writes into it the giver reads back through references.
      return (
        this.walk(flow.target, flow.source, true, "", 0, new Set()) ??
        this.walk(flow.source, flow.target, false, "", 0, new Set())
      );
    }
    return this.walk(flow.source, flow.target, flow.shared === true, "", 0, new Set());
  }

  private walk(
    s: ts.Type,
    t: ts.Type,
    shared: boolean,
    path: string,
    depth: number,
    seen: Set<string>,
  ): Widening | undefined {
    if (s === t) return undefined;
    if (depth > MAX_DEPTH) {
      // Deeper than the comparison goes: refuse rather than assume (the verifier's rule).
      return this.containsLeaf(s) || this.containsLeaf(t)
        ? {
            path,
            from: s,
            to: t,
            why: `the types differ more than ${MAX_DEPTH} levels deep, deeper than the verifier compares`,
            tooDeep: true,
          }
        : undefined;
    }
    const c = this.checker;
    if ((t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Never)) !== 0) return undefined;
    const key = `${typeKey(s)}>${typeKey(t)}:${shared ? 1 : 0}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    if (this.sensitivity.isLeaf(s)) {
      const why = this.sensitivity.leafProblem(s, t, shared);
      if (why !== undefined) return { path, from: s, to: t, why };
      // A leaf that is a value (a branded number) has no structure to walk; an object leaf does.
      if ((s.flags & ts.TypeFlags.Object) === 0) return undefined;
    }
    if (s.isUnion()) {
      for (const part of s.types) {
        const w = this.walk(part, t, shared, path, depth + 1, seen);
        if (w !== undefined) return w;
      }
      return undefined;
    }
    if ((s.flags & ts.TypeFlags.Object) === 0 && !s.isIntersection()) return undefined;
    if (t.isUnion()) {
      // The value is seen as each member it fits.
      const fits = t.types.filter((m) => c.isTypeAssignableTo(s, m));
      for (const part of fits.length > 0 ? fits : t.types) {
        const w = this.walk(s, part, shared, path, depth + 1, seen);
        if (w !== undefined) return w;
      }
      return undefined;
    }
    if (
      (t.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) === 0 &&
      (t.flags & ts.TypeFlags.NonPrimitive) === 0
    )
      return undefined;

    // Generic instances of one declaration (Map<K, V>, Array<T>, a user's Box<T>): arguments
    // that hold a leaf must be the same on both sides (invariance), then compared deeply.
    if (isReference(s) && isReference(t) && s.target === t.target) {
      const sa = c.getTypeArguments(s);
      const ta = c.getTypeArguments(t);
      for (let i = 0; i < Math.min(sa.length, ta.length); i++) {
        const x = sa[i]!;
        const y = ta[i]!;
        if (!this.containsLeaf(x) && !this.containsLeaf(y)) continue;
        const where = c.isArrayType(s) ? `${path} element` : `${path} <type argument ${i + 1}>`;
        const w = this.slot(x, y, where, depth, seen) ?? this.slot(y, x, where, depth, seen);
        if (w !== undefined) return w;
      }
      return undefined;
    }

    // Elements of arrays and tuples.
    if (c.isArrayType(s) || c.isTupleType(s)) {
      const elements = c.isTupleType(s)
        ? c.getTypeArguments(s as ts.TypeReference)
        : [c.getIndexTypeOfType(s, ts.IndexKind.Number)];
      for (let i = 0; i < elements.length; i++) {
        const se = elements[i];
        if (se === undefined || !this.containsLeaf(se)) continue;
        const te = c.isTupleType(t)
          ? c.getTypeArguments(t as ts.TypeReference)[i]
          : c.getIndexTypeOfType(t, ts.IndexKind.Number);
        if (te === undefined) continue;
        const w = this.slot(se, te, `${path} element`, depth, seen);
        if (w !== undefined) return w;
      }
      return undefined;
    }

    // Properties, through the target's property of the same name or its index signature.
    for (const p of c.getPropertiesOfType(s)) {
      // A class's `prototype` is its instance type, which the flow of the instance side covers.
      if (p.getName() === "prototype") continue;
      const sp = c.getTypeOfSymbol(p);
      if (!this.containsLeaf(sp)) continue;
      const tp = this.memberType(t, p.getName());
      if (tp === undefined) continue;
      const w = this.slot(sp, tp, `${path}.${displayName(p)}`, depth, seen);
      if (w !== undefined) return w;
    }
    for (const info of c.getIndexInfosOfType(s)) {
      if (!this.containsLeaf(info.type)) continue;
      const ti = c.getIndexInfosOfType(t).find((x) => x.keyType === info.keyType);
      if (ti === undefined) continue;
      const w = this.slot(info.type, ti.type, `${path}[${c.typeToString(info.keyType)}]`, depth, seen);
      if (w !== undefined) return w;
    }

    // Call and construct signatures: callers through the target and the source's code share
    // every argument, so a parameter that holds a leaf must accept exactly what the other side
    // may pass (both ways); returns are compared as values handed out.
    for (const kind of [ts.SignatureKind.Call, ts.SignatureKind.Construct]) {
      const ss = c.getSignaturesOfType(s, kind);
      const ts_ = c.getSignaturesOfType(t, kind);
      for (const tsig of ts_) {
        for (const ssig of ss) {
          if (ssig.typeParameters !== undefined || tsig.typeParameters !== undefined) continue;
          const w = this.signatures(ssig, tsig, path, depth, seen);
          if (w !== undefined) return w;
        }
      }
    }
    return undefined;
  }

  /** A shared slot: leaf check, then structure. */
  private slot(s: ts.Type, t: ts.Type, path: string, depth: number, seen: Set<string>): Widening | undefined {
    return this.walk(s, t, true, path, depth + 1, seen);
  }

  private signatures(
    ssig: ts.Signature,
    tsig: ts.Signature,
    path: string,
    depth: number,
    seen: Set<string>,
  ): Widening | undefined {
    const c = this.checker;
    const pairs: [ts.Type | undefined, ts.Type | undefined, string][] = [];
    const sThis = ssig.thisParameter === undefined ? undefined : c.getTypeOfSymbol(ssig.thisParameter);
    const tThis = tsig.thisParameter === undefined ? undefined : c.getTypeOfSymbol(tsig.thisParameter);
    pairs.push([sThis, tThis, "this"]);
    const n = Math.max(ssig.getParameters().length, tsig.getParameters().length);
    for (let i = 0; i < n; i++)
      pairs.push([parameterType(c, ssig, i), parameterType(c, tsig, i), `parameter ${i + 1}`]);
    for (const [sp, tp, what] of pairs) {
      if (sp === undefined || tp === undefined) continue;
      const where = `${path}(${what})`;
      // Whatever a caller passes through the target's signature reaches the source's code as
      // its parameter; what the callee writes into an argument the caller reads back only
      // through the objects it refers to (the argument itself is a copy).
      const w = this.walk(sp, tp, true, where, depth + 1, seen) ?? this.walk(tp, sp, false, where, depth + 1, seen);
      if (w !== undefined) return w;
    }
    return this.walk(ssig.getReturnType(), tsig.getReturnType(), false, `${path}(return)`, depth + 1, seen);
  }

  private memberType(t: ts.Type, name: string): ts.Type | undefined {
    const c = this.checker;
    const apparent = c.getApparentType(t);
    const prop = c.getPropertyOfType(apparent, name);
    if (prop !== undefined) return c.getTypeOfSymbol(prop);
    const numeric = /^\d+$/.test(name);
    const infos = c.getIndexInfosOfType(apparent);
    const info = infos.find(
      (i) =>
        (numeric && (i.keyType.flags & ts.TypeFlags.Number) !== 0) || (i.keyType.flags & ts.TypeFlags.String) !== 0,
    );
    return info?.type;
  }
}

function isReference(t: ts.Type): t is ts.TypeReference {
  return (t.flags & ts.TypeFlags.Object) !== 0 && ((t as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0;
}

/** A stable identity for memoising pairs within one walk (the checker interns types). */
const typeIds = new WeakMap<ts.Type, number>();
let nextTypeId = 1;
function typeKey(t: ts.Type): number {
  let id = typeIds.get(t);
  if (id === undefined) {
    id = nextTypeId++;
    typeIds.set(t, id);
  }
  return id;
}

function displayName(p: ts.Symbol): string {
  const name = p.getName();
  return name.startsWith("__@") ? `[${name.slice(3).replace(/@\d+$/, "")}]` : name;
}

/** The type of parameter `i` (a rest parameter's element beyond its position), or undefined. */
function parameterType(c: ts.TypeChecker, sig: ts.Signature, i: number): ts.Type | undefined {
  const params = sig.getParameters();
  const last = params[params.length - 1];
  const lastDecl = last?.valueDeclaration;
  const restAt =
    last !== undefined && lastDecl !== undefined && ts.isParameter(lastDecl) && lastDecl.dotDotDotToken !== undefined
      ? params.length - 1
      : -1;
  if (restAt >= 0 && i >= restAt) {
    const restType = c.getTypeOfSymbol(last!);
    if (c.isTupleType(restType)) return c.getTypeArguments(restType as ts.TypeReference)[i - restAt];
    return c.getIndexTypeOfType(restType, ts.IndexKind.Number);
  }
  const p = params[i];
  return p === undefined ? undefined : c.getTypeOfSymbol(p);
}

function unwrap(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e) ||
    (ts.isAsExpression(e) && ts.isConstTypeReference(e.type))
  )
    e = e.expression;
  return e;
}

/**
 * The flows into `target` of expression `e`, descending into fresh literals: an object literal's
 * properties and an array literal's elements are copies (not shared), a conditional's branches
 * each flow.
 */
/** ES library functions and methods whose result is a new array (its elements are what it shares). */
const FRESH_ARRAY_RESULTS: ReadonlySet<string> = new Set(
  ["map", "filter", "slice", "concat", "flat", "flatMap", "toSorted", "toReversed", "toSpliced", "with"]
    .flatMap((m) => [`Array.${m}`, `ReadonlyArray.${m}`])
    .concat([
      "ArrayConstructor.from",
      "ArrayConstructor.of",
      "ObjectConstructor.keys",
      "ObjectConstructor.values",
      "ObjectConstructor.entries",
      "String.split",
    ]),
);

/** `Interface.member` when `callee` is a member declared by the ES library. */
function libMember(
  checker: ts.TypeChecker,
  isLib: (sf: ts.SourceFile) => boolean,
  callee: ts.Expression,
): string | undefined {
  const sym = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  for (const d of sym?.getDeclarations() ?? []) {
    if (
      isLib(d.getSourceFile()) &&
      (ts.isMethodSignature(d) || ts.isPropertySignature(d)) &&
      ts.isInterfaceDeclaration(d.parent)
    )
      return `${d.parent.name.text}.${sym!.getName()}`;
  }
  return undefined;
}

function flowsOfExpression(
  checker: ts.TypeChecker,
  e: ts.Expression,
  target: ts.Type,
  out: Flow[],
  isLib: (sf: ts.SourceFile) => boolean,
): void {
  const x = unwrap(e);
  if (ts.isCallExpression(x) && FRESH_ARRAY_RESULTS.has(libMember(checker, isLib, x.expression) ?? "")) {
    // A new array: its elements are handed over, as with `[...xs]`.
    const se = checker.getIndexTypeOfType(checker.getApparentType(checker.getTypeAtLocation(x)), ts.IndexKind.Number);
    const te = checker.getIndexTypeOfType(checker.getApparentType(target), ts.IndexKind.Number);
    if (se !== undefined && te !== undefined) {
      out.push({ node: x, source: se, target: te });
      return;
    }
  }
  if (ts.isConditionalExpression(x)) {
    flowsOfExpression(checker, x.whenTrue, target, out, isLib);
    flowsOfExpression(checker, x.whenFalse, target, out, isLib);
    return;
  }
  if (
    ts.isBinaryExpression(x) &&
    [
      ts.SyntaxKind.BarBarToken,
      ts.SyntaxKind.QuestionQuestionToken,
      ts.SyntaxKind.AmpersandAmpersandToken,
      ts.SyntaxKind.CommaToken,
    ].includes(x.operatorToken.kind)
  ) {
    if (x.operatorToken.kind !== ts.SyntaxKind.CommaToken) flowsOfExpression(checker, x.left, target, out, isLib);
    flowsOfExpression(checker, x.right, target, out, isLib);
    return;
  }
  if (ts.isObjectLiteralExpression(x)) {
    for (const p of x.properties) {
      if (ts.isSpreadAssignment(p)) {
        // `{ ...v }` copies v's own properties: each is a copy, what they point to is shared.
        const sv = checker.getTypeAtLocation(p.expression);
        for (const prop of checker.getPropertiesOfType(sv)) {
          const tp = checker.getPropertyOfType(checker.getApparentType(target), prop.getName());
          if (tp !== undefined)
            out.push({
              node: p.expression,
              source: checker.getTypeOfSymbol(prop),
              target: checker.getTypeOfSymbol(tp),
            });
        }
        continue;
      }
      const valueNode = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : p;
      const name =
        p.name === undefined
          ? undefined
          : ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name)
            ? p.name.text
            : undefined;
      if (name === undefined) continue;
      const tp = checker.getPropertyOfType(checker.getApparentType(target), name);
      const tt =
        tp !== undefined
          ? checker.getTypeOfSymbol(tp)
          : checker
              .getIndexInfosOfType(checker.getApparentType(target))
              .find((i) => (i.keyType.flags & ts.TypeFlags.String) !== 0)?.type;
      if (tt === undefined) continue;
      if (ts.isPropertyAssignment(p)) flowsOfExpression(checker, p.initializer, tt, out, isLib);
      else if (ts.isSetAccessorDeclaration(p)) {
        // A write through the target calls the setter with whatever the target's type accepts.
        const param = p.parameters[0];
        if (param !== undefined)
          out.push({ node: p, source: checker.getTypeAtLocation(param), target: tt, shared: true });
      } else out.push({ node: valueNode, source: checker.getTypeAtLocation(valueNode), target: tt });
    }
    return;
  }
  if (ts.isArrayLiteralExpression(x)) {
    x.elements.forEach((el, i) => {
      const te = checker.isTupleType(target)
        ? checker.getTypeArguments(target as ts.TypeReference)[i]
        : checker.getIndexTypeOfType(checker.getApparentType(target), ts.IndexKind.Number);
      if (te === undefined) return;
      if (ts.isSpreadElement(el)) {
        const se = checker.getIndexTypeOfType(
          checker.getApparentType(checker.getTypeAtLocation(el.expression)),
          ts.IndexKind.Number,
        );
        if (se !== undefined) out.push({ node: el.expression, source: se, target: te });
        return;
      }
      if (!ts.isOmittedExpression(el)) flowsOfExpression(checker, el, te, out, isLib);
    });
    return;
  }
  out.push({ node: x, source: checker.getTypeAtLocation(x), target });
}

function declaredReturnType(checker: ts.TypeChecker, fn: ts.SignatureDeclaration): ts.Type | undefined {
  if (fn.type === undefined) return undefined;
  const t = checker.getTypeFromTypeNode(fn.type);
  const isAsync = ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async;
  if (isAsync) return checker.getAwaitedType(t);
  return (fn as ts.FunctionLikeDeclaration).asteriskToken !== undefined ? undefined : t;
}

/** The type of element `i` of an array or tuple type (the number index for an array). */
function elementType(c: ts.TypeChecker, t: ts.Type, i: number): ts.Type | undefined {
  if (c.isTupleType(t)) return c.getTypeArguments(t as ts.TypeReference)[i];
  return c.getIndexTypeOfType(c.getApparentType(t), ts.IndexKind.Number);
}

/**
 * A destructuring assignment `[a, b] = v` / `({ k: a } = v)`: each target receives a part of
 * `v` (an element or a property), which is a flow into the target's type.
 */
function flowsOfPattern(c: ts.TypeChecker, pattern: ts.Expression, source: ts.Type, out: Flow[]): void {
  const target = (e: ts.Expression, part: ts.Type | undefined): void => {
    if (part === undefined) return;
    let x = e;
    if (ts.isBinaryExpression(x) && x.operatorToken.kind === ts.SyntaxKind.EqualsToken) x = x.left; // a default
    if (ts.isArrayLiteralExpression(x) || ts.isObjectLiteralExpression(x)) flowsOfPattern(c, x, part, out);
    else out.push({ node: x, source: part, target: c.getTypeAtLocation(x) });
  };
  if (ts.isArrayLiteralExpression(pattern)) {
    pattern.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      if (ts.isSpreadElement(el))
        target(el.expression, source); // the rest is a new array of the same elements
      else target(el, elementType(c, source, i));
    });
  } else if (ts.isObjectLiteralExpression(pattern)) {
    for (const p of pattern.properties) {
      const name =
        p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name))
          ? p.name.text
          : undefined;
      const prop = name === undefined ? undefined : c.getPropertyOfType(c.getApparentType(source), name);
      const part = prop === undefined ? undefined : c.getTypeOfSymbol(prop);
      if (ts.isPropertyAssignment(p)) target(p.initializer, part);
      else if (ts.isShorthandPropertyAssignment(p)) target(p.name, part);
    }
  }
}

/** The arguments of a call-like node, each with its position among the parameters. */
function argumentFlows(
  c: ts.TypeChecker,
  sig: ts.Signature,
  args: readonly ts.Expression[],
  out: Flow[],
  isLib: (sf: ts.SourceFile) => boolean,
): void {
  let position = 0;
  for (const arg of args) {
    if (ts.isSpreadElement(arg)) {
      // A spread tuple fills the next parameters element by element; a spread array, a rest.
      const st = c.getTypeAtLocation(arg.expression);
      if (!c.isTupleType(st)) return;
      for (const part of c.getTypeArguments(st as ts.TypeReference)) {
        const pt = parameterType(c, sig, position++);
        if (pt !== undefined) out.push({ node: arg.expression, source: part, target: pt });
      }
      continue;
    }
    const pt = parameterType(c, sig, position++);
    if (pt !== undefined) flowsOfExpression(c, arg, pt, out, isLib);
  }
}

const REBINDERS: ReadonlySet<string> = new Set(
  ["call", "apply", "bind"].flatMap((m) => [`CallableFunction.${m}`, `NewableFunction.${m}`, `Function.${m}`]),
);

/**
 * `m.call(thisArg, ...)`, `m.apply(thisArg, ...)`, `m.bind(thisArg)` of a method `m`: the method's
 * body reads `this` as its receiver's type, which the checker does not relate to `thisArg` (for
 * a method without a declared `this` parameter it infers `unknown`): `nums.push.call(frames, 7)`
 * writes 7 into a Frame[]. So `thisArg` flows into the receiver like an argument. The receiver
 * is the object the method was read from (`nums`), or, for a method read earlier into a variable,
 * the class or interface that declares it.
 */
function receiverFlow(
  c: ts.TypeChecker,
  isLib: (sf: ts.SourceFile) => boolean,
  node: ts.CallExpression,
  out: Flow[],
): void {
  const callee = node.expression;
  const thisArg = node.arguments[0];
  if (!ts.isPropertyAccessExpression(callee) || thisArg === undefined || ts.isSpreadElement(thisArg)) return;
  if (!REBINDERS.has(libMember(c, isLib, callee) ?? "")) return;
  let method: ts.Expression = callee.expression;
  while (ts.isParenthesizedExpression(method) || ts.isNonNullExpression(method)) method = method.expression;
  const sym = c.getSymbolAtLocation(ts.isPropertyAccessExpression(method) ? method.name : method);
  const resolved = sym !== undefined && (sym.flags & ts.SymbolFlags.Alias) !== 0 ? c.getAliasedSymbol(sym) : sym;
  const symbols = [resolved, c.getTypeAtLocation(method).getSymbol()];
  const decl = symbols
    .flatMap((x) => x?.getDeclarations() ?? [])
    .find((d): d is ts.MethodDeclaration | ts.MethodSignature => ts.isMethodDeclaration(d) || ts.isMethodSignature(d));
  if (decl === undefined) return;
  if (decl.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === "this")) return; // checked by strictBindCallApply
  let receiver: ts.Type | undefined;
  if (ts.isPropertyAccessExpression(method)) receiver = c.getTypeAtLocation(method.expression);
  else if (ts.isClassLike(decl.parent) || ts.isInterfaceDeclaration(decl.parent)) {
    const owner = decl.parent.name === undefined ? undefined : c.getSymbolAtLocation(decl.parent.name);
    receiver = owner === undefined ? undefined : c.getDeclaredTypeOfSymbol(owner);
  }
  if (receiver !== undefined)
    out.push({ node: thisArg, source: c.getTypeAtLocation(thisArg), target: receiver, asParameter: true });
}

/** Every flow that starts at `node` (call once per node of a walk). */
export function flowsAt<M extends string>(ctx: RuleContext<M>, node: ts.Node): Flow[] {
  const c = ctx.checker;
  const isLib = (sf: ts.SourceFile): boolean => ctx.isLibFile(sf);
  const out: Flow[] = [];
  if (
    (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isParameter(node)) &&
    node.type !== undefined &&
    node.initializer !== undefined
  ) {
    flowsOfExpression(c, node.initializer, c.getTypeFromTypeNode(node.type), out, isLib);
  } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    if (ts.isObjectLiteralExpression(node.left) || ts.isArrayLiteralExpression(node.left))
      flowsOfPattern(c, node.left, c.getTypeAtLocation(node.right), out);
    else flowsOfExpression(c, node.right, c.getTypeAtLocation(node.left), out, isLib);
  } else if (
    (ts.isForOfStatement(node) || ts.isForInStatement(node)) &&
    !ts.isVariableDeclarationList(node.initializer)
  ) {
    // `for (view of xs)` assigns each element to an existing binding.
    const element = ts.isForOfStatement(node) ? elementType(c, c.getTypeAtLocation(node.expression), 0) : undefined;
    if (element !== undefined) {
      if (ts.isArrayLiteralExpression(node.initializer) || ts.isObjectLiteralExpression(node.initializer))
        flowsOfPattern(c, node.initializer, element, out);
      else out.push({ node: node.initializer, source: element, target: c.getTypeAtLocation(node.initializer) });
    }
  } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const sig = c.getResolvedSignature(node);
    if (sig !== undefined && sig.declaration !== undefined) argumentFlows(c, sig, node.arguments ?? [], out, isLib);
    if (ts.isCallExpression(node)) receiverFlow(c, isLib, node, out);
  } else if (ts.isTaggedTemplateExpression(node)) {
    const sig = c.getResolvedSignature(node);
    // The first parameter is the strings array; the substitutions follow.
    if (sig !== undefined && sig.declaration !== undefined && ts.isTemplateExpression(node.template)) {
      node.template.templateSpans.forEach((span, i) => {
        const pt = parameterType(c, sig, i + 1);
        if (pt !== undefined) flowsOfExpression(c, span.expression, pt, out, isLib);
      });
    }
  } else if (ts.isYieldExpression(node) && node.expression !== undefined && node.asteriskToken === undefined) {
    const yt = c.getContextualType(node.expression);
    if (yt !== undefined) flowsOfExpression(c, node.expression, yt, out, isLib);
  } else if (ts.isReturnStatement(node) && node.expression !== undefined) {
    const fn = ts.findAncestor(node.parent, ts.isFunctionLike);
    const rt = fn === undefined ? undefined : declaredReturnType(c, fn);
    if (rt !== undefined) flowsOfExpression(c, node.expression, rt, out, isLib);
  } else if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) {
    const rt = declaredReturnType(c, node);
    if (rt !== undefined) flowsOfExpression(c, node.body, rt, out, isLib);
  } else if (ts.isHeritageClause(node) && (ts.isClassDeclaration(node.parent) || ts.isClassExpression(node.parent))) {
    const cls = node.parent;
    const sym = cls.name !== undefined ? c.getSymbolAtLocation(cls.name) : c.getTypeAtLocation(cls).getSymbol();
    if (sym !== undefined) {
      const instance = c.getDeclaredTypeOfSymbol(sym);
      for (const h of node.types) {
        out.push({ node: h, source: instance, target: c.getTypeAtLocation(h) });
        if (node.token === ts.SyntaxKind.ExtendsKeyword)
          out.push({ node: h, source: c.getTypeOfSymbol(sym), target: c.getTypeAtLocation(h.expression) });
      }
    }
  }
  return out;
}
