/**
 * Nothing the extension wrote may run while its module is evaluated.
 *
 * Evaluating a module runs its statements and those of its namespace bodies (no-declare refuses
 * namespaces, but SFI mode only warns for it), and every expression in a load-time position: variable initializers
 * (and the defaults and computed keys of their destructuring patterns), enum member
 * initializers, a class's `extends` clause, computed member names, decorators, static field
 * initializers and static blocks, and the argument of `export default defineExtension(...)`.
 * Listing the forms that *call* code in those positions is not enough: the language also runs
 * code implicitly, and a getter read through `enum E { A = o.n }` ran at load while the old rule
 * only looked for calls. The rule therefore proves two things, by syntax and name resolution
 * only (SFI mode keeps this rule but does not trust the type checker, so no conclusion may rest
 * on a declared type):
 *
 *  1. No load-time expression calls anything: no call (the one exception is
 *     `export default defineExtension(...)` from the API module, which is kernel code), no
 *     tagged template, no decorator, no `new` except of the builtin containers (Map, Set,
 *     WeakMap, WeakSet, Array, typed arrays; resolved to the ES library, so a local class named
 *     `Map` does not count), no assignment, `++`/`--`, `delete`, `await` or `yield`, no static
 *     block, no `using` declaration (its Symbol.dispose runs when the module finishes).
 *  2. No object or class built at load time carries code that the language or the kernel runs
 *     implicitly: no getter or setter, no member named toJSON (the kernel serialises handler
 *     options and guards while loading), toString, toLocaleString, valueOf (conversions), then
 *     (promise resolution), no `__proto__` key, and no computed key the verifier cannot fold to
 *     a string or number (it could be Symbol.iterator, Symbol.toPrimitive...) of at most
 *     MAX_KEY_LENGTH characters. For classes this holds for the static side; the instance side
 *     is reachable only through `new` or `.prototype`, which (1) and no-prototype refuse. A
 *     namespace's exports are properties of the namespace object: their names too.
 *
 * Given (1) and (2), every object that exists at load time is plain data, a function, a class
 * whose statics are plain, or a builtin; so what (1) leaves allowed (property reads, operators,
 * template substitutions, spreads, destructuring, `in`, `instanceof`) can only run native code.
 */
import ts from "../../typescript.js";
import { EXTENSION_MODULE } from "../../check/options.js";
import { defineRule, type RuleContext } from "../rule.js";
import { isImportFrom, staticName } from "../util.js";

/** Builtin constructors whose `new` runs no extension code (given (2): their arguments hold no hooks). */
const CONTAINER_CONSTRUCTORS: ReadonlySet<string> = new Set([
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Uint16Array",
  "Uint32Array",
  "Int8Array",
  "Int16Array",
  "Int32Array",
  "Float32Array",
  "Float64Array",
]);

/** Member names the language or the kernel calls on a value without the extension calling them. */
const IMPLICIT_HOOKS: ReadonlySet<string> = new Set(["toJSON", "toString", "toLocaleString", "valueOf", "then"]);

const ALLOWED =
  "expected values built from literals, functions, classes, constants and operators only (the one call is 'export default defineExtension(...)'; 'new' only of Map, Set, WeakMap, WeakSet, Array or a typed array)";
const HOOK_ADVICE =
  "top-level objects and class statics may not have getters, setters, toJSON, toString, toLocaleString, valueOf or then members, a __proto__ key, or computed keys other than constant strings and numbers; move the code into a function";

type MessageId =
  | "statement"
  | "initializer"
  | "enumEffect"
  | "classEffect"
  | "impureSpec"
  | "implicitHook"
  | "usingDeclaration"
  | "defaultExport"
  | "missingDefault"
  | "duplicateDefault";

/**
 * The longest string a computed key may fold to. Keys are names; the bound keeps the fold's
 * work and memory linear in the source (a chain of doublings would build 2^n characters).
 */
const MAX_KEY_LENGTH = 1000;

/** A fold that gave up on a string longer than MAX_KEY_LENGTH (refused, with its own reason). */
const OVERLONG = Symbol("overlong");
type Folded = string | number | typeof OVERLONG | undefined;

function bounded(s: string): string | typeof OVERLONG {
  return s.length > MAX_KEY_LENGTH ? OVERLONG : s;
}

/** Where a load-time expression sits, for the message. */
type Place = { readonly messageId: "initializer" | "enumEffect" | "classEffect" | "impureSpec"; readonly name: string };

function short(node: ts.Node, sf: ts.SourceFile): string {
  const text = node.getText(sf).replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/**
 * The body of a namespace that has code, with its dotted name (`namespace A.B { ... }` nests
 * declarations), or `undefined` for an ambient one (`declare namespace`, `declare global`, `declare
 * module "x"`, any quoted name): those have no code.
 */
function namespaceBody(ns: ts.ModuleDeclaration): { block: ts.ModuleBlock; name: string } | undefined {
  let decl = ns;
  let name = "";
  for (;;) {
    if (hasModifier(decl, ts.SyntaxKind.DeclareKeyword) || !ts.isIdentifier(decl.name)) return undefined;
    name += (name === "" ? "" : ".") + decl.name.text;
    const body = decl.body;
    if (body === undefined) return undefined;
    if (ts.isModuleBlock(body)) return { block: body, name };
    if (!ts.isModuleDeclaration(body)) return undefined;
    decl = body;
  }
}

/** The names a statement declares (binding patterns included), for the properties a namespace exports. */
function declaredNames(st: ts.Statement): ts.Identifier[] {
  const names: ts.Identifier[] = [];
  const bind = (n: ts.BindingName): void => {
    if (ts.isIdentifier(n)) names.push(n);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) bind(d.name);
  else if (
    (ts.isFunctionDeclaration(st) ||
      ts.isClassDeclaration(st) ||
      ts.isEnumDeclaration(st) ||
      ts.isImportEqualsDeclaration(st) ||
      ts.isModuleDeclaration(st)) &&
    st.name !== undefined &&
    ts.isIdentifier(st.name)
  )
    names.push(st.name);
  return names;
}

/** The walker for one file: proves (1) and (2) for every load-time expression it is given. */
class LoadTimeCheck {
  private readonly sf: ts.SourceFile;
  private readonly folding = new Set<ts.Node>();
  private readonly folded = new Map<ts.Node, Folded>();

  constructor(private readonly ctx: RuleContext<MessageId>) {
    this.sf = ctx.sourceFile;
  }

  private report(node: ts.Node, place: Place, what: string): void {
    this.ctx.report(node, place.messageId, { name: place.name, what });
  }

  private hook(node: ts.Node, what: string): void {
    this.ctx.report(node, "implicitHook", { what });
  }

  /** Does this identifier resolve to a declaration in the ES library (not shadowed by the extension)? */
  private isLibGlobal(id: ts.Identifier): boolean {
    const decls = this.ctx.checker.getSymbolAtLocation(id)?.getDeclarations() ?? [];
    return decls.length > 0 && decls.every((d) => this.ctx.isLibFile(d.getSourceFile()));
  }

  /**
   * The value of a computed key, folded from the syntax alone (declared types are not trusted):
   * literals, enum members (the checker's constant evaluation), module-level `const`s with such
   * initializers, `+`, unary `-` and template literals over those. `undefined` when not constant;
   * OVERLONG for a string longer than MAX_KEY_LENGTH.
   *
   * Each `const` is folded once (`folded`): `const k1 = k0 + k0; const k2 = k1 + k1; ...` would
   * otherwise visit k0 2^n times (red team 13, verifier-constant-fold-bomb); and strings stop at
   * MAX_KEY_LENGTH, so a chain of doublings or of wide templates cannot build a string the engine
   * refuses.
   */
  private constantKey(e: ts.Expression): Folded {
    if (ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e) || ts.isAsExpression(e))
      return this.constantKey(e.expression);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return bounded(e.text);
    if (ts.isNumericLiteral(e)) return Number(e.text);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) {
      const v = this.constantKey(e.operand);
      return typeof v === "number" ? -v : undefined;
    }
    if (ts.isTemplateExpression(e)) {
      let s = e.head.text;
      for (const span of e.templateSpans) {
        const v = this.constantKey(span.expression);
        if (v === undefined || v === OVERLONG) return v;
        s += String(v) + span.literal.text;
        if (s.length > MAX_KEY_LENGTH) return OVERLONG;
      }
      return bounded(s);
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const l = this.constantKey(e.left);
      const r = this.constantKey(e.right);
      if (l === undefined || r === undefined) return undefined;
      if (l === OVERLONG || r === OVERLONG) return OVERLONG; // a string plus a constant is a string
      return typeof l === "number" && typeof r === "number" ? l + r : bounded(String(l) + String(r));
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isIdentifier(e)) {
      const enumValue = this.enumMemberValue(e);
      if (enumValue !== undefined) return typeof enumValue === "string" ? bounded(enumValue) : enumValue;
    }
    if (ts.isIdentifier(e)) {
      const decl = this.ctx.checker.getSymbolAtLocation(e)?.valueDeclaration;
      if (
        decl !== undefined &&
        ts.isVariableDeclaration(decl) &&
        decl.initializer !== undefined &&
        ts.isIdentifier(decl.name) &&
        ts.isVariableDeclarationList(decl.parent) &&
        (decl.parent.flags & ts.NodeFlags.Const) !== 0 &&
        decl.getSourceFile() === this.sf &&
        !this.folding.has(decl)
      ) {
        // A value folded while an enclosing const was still folding is the same from any entry:
        // a cycle reachable from one const of the cycle is reachable from every one.
        if (this.folded.has(decl)) return this.folded.get(decl);
        this.folding.add(decl);
        try {
          const v = this.constantKey(decl.initializer);
          this.folded.set(decl, v);
          return v;
        } finally {
          this.folding.delete(decl);
        }
      }
    }
    return undefined;
  }

  private enumMemberValue(
    e: ts.PropertyAccessExpression | ts.ElementAccessExpression | ts.Identifier,
  ): string | number | undefined {
    const sym = this.ctx.checker.getSymbolAtLocation(
      ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) ? e.name : e.argumentExpression,
    );
    const decl = sym?.valueDeclaration;
    if (decl === undefined || !ts.isEnumMember(decl) || decl.getSourceFile() !== this.sf) return undefined;
    return this.ctx.checker.getConstantValue(decl);
  }

  /** (2) for a member name of an object built at load (object literal member, or a class's static member). */
  checkMemberName(name: ts.PropertyName, owner: string): void {
    if (ts.isComputedPropertyName(name)) {
      const key = this.constantKey(name.expression);
      if (key === undefined) {
        this.hook(
          name,
          `the computed key '${short(name, this.sf)}' of ${owner} (not a constant string or number: it could be a symbol such as Symbol.iterator or Symbol.toPrimitive)`,
        );
      } else if (key === OVERLONG) {
        this.hook(
          name,
          `the computed key '${short(name, this.sf)}' of ${owner} (the verifier folds constant keys of at most ${MAX_KEY_LENGTH} characters; this one is longer)`,
        );
      } else if (typeof key === "string" && IMPLICIT_HOOKS.has(key)) {
        this.hook(name, `the member '${key}' of ${owner}`);
      }
      return;
    }
    const text = staticName(name);
    if (text !== undefined && IMPLICIT_HOOKS.has(text)) this.hook(name, `the member '${text}' of ${owner}`);
    if (text === "__proto__") this.hook(name, `the '__proto__' key of ${owner} (sets its prototype)`);
  }

  /** An object literal evaluated at load: (2) for its members, (1) for what it evaluates. */
  private objectLiteral(o: ts.ObjectLiteralExpression, place: Place): void {
    for (const p of o.properties) {
      if (ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p)) {
        this.hook(
          p.name,
          `the ${ts.isGetAccessorDeclaration(p) ? "getter" : "setter"} '${short(p.name, this.sf)}' of an object built at load time`,
        );
        if (ts.isComputedPropertyName(p.name)) this.expression(p.name.expression, place);
        continue;
      }
      if (ts.isSpreadAssignment(p)) {
        this.expression(p.expression, place);
        continue;
      }
      this.checkMemberName(p.name, "an object built at load time");
      if (ts.isComputedPropertyName(p.name)) this.expression(p.name.expression, place);
      if (ts.isPropertyAssignment(p)) this.expression(p.initializer, place);
      // Shorthand properties read a binding; methods are not called.
    }
  }

  /**
   * A class defined at load (declaration or expression): (1) for what its definition evaluates
   * (heritage, computed names, decorators, static initializers, static blocks), (2) for its
   * static side.
   */
  classDefinition(c: ts.ClassLikeDeclaration): void {
    const place: Place = { messageId: "classEffect", name: c.name?.text ?? "(anonymous)" };
    for (const d of ts.getDecorators(c) ?? []) this.report(d, place, `the decorator '${short(d, this.sf)}'`);
    for (const h of c.heritageClauses ?? []) {
      if (h.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const t of h.types) this.expression(t.expression, place);
    }
    for (const m of c.members) {
      if (ts.isClassStaticBlockDeclaration(m)) {
        this.report(m, place, "the static block");
        continue;
      }
      if (ts.canHaveDecorators(m))
        for (const d of ts.getDecorators(m) ?? []) this.report(d, place, `the decorator '${short(d, this.sf)}'`);
      if (ts.isConstructorDeclaration(m) || ts.isMethodDeclaration(m)) {
        for (const param of m.parameters)
          for (const d of ts.getDecorators(param) ?? []) this.report(d, place, `the decorator '${short(d, this.sf)}'`);
      }
      const isStatic = hasModifier(m, ts.SyntaxKind.StaticKeyword);
      if (m.name !== undefined && ts.isComputedPropertyName(m.name)) this.expression(m.name.expression, place);
      if (!isStatic) continue; // the instance side exists only once the class is instantiated
      if (ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) {
        this.hook(
          m.name,
          `the static ${ts.isGetAccessorDeclaration(m) ? "getter" : "setter"} '${short(m.name, this.sf)}' of class '${place.name}'`,
        );
        continue;
      }
      if (m.name !== undefined) this.checkMemberName(m.name, `class '${place.name}'`);
      if (ts.isPropertyDeclaration(m) && m.initializer !== undefined) this.expression(m.initializer, place);
    }
  }

  /** (1) and (2) for one expression evaluated at load time (and everything it evaluates). */
  expression(e: ts.Node, place: Place): void {
    // Types are erased; function bodies and parameter defaults run only when called.
    if (ts.isTypeNode(e) || ts.isFunctionExpression(e) || ts.isArrowFunction(e)) return;
    if (ts.isCallExpression(e)) return this.report(e, place, `the call '${short(e, this.sf)}'`);
    if (ts.isTaggedTemplateExpression(e)) return this.report(e, place, `the tagged template '${short(e, this.sf)}'`);
    if (ts.isDecorator(e)) return this.report(e, place, `the decorator '${short(e, this.sf)}'`);
    if (ts.isAwaitExpression(e)) return this.report(e, place, "'await'");
    if (ts.isYieldExpression(e)) return this.report(e, place, "'yield'");
    if (ts.isDeleteExpression(e)) return this.report(e, place, `'${short(e, this.sf)}'`);
    if (ts.isNewExpression(e)) {
      const callee = e.expression;
      if (!ts.isIdentifier(callee) || !CONTAINER_CONSTRUCTORS.has(callee.text) || !this.isLibGlobal(callee)) {
        return this.report(e, place, `'${short(e, this.sf)}'`);
      }
      for (const a of e.arguments ?? []) this.expression(a, place);
      return;
    }
    if (
      (ts.isPrefixUnaryExpression(e) || ts.isPostfixUnaryExpression(e)) &&
      (e.operator === ts.SyntaxKind.PlusPlusToken || e.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      return this.report(e, place, `the update '${short(e, this.sf)}'`);
    }
    if (
      ts.isBinaryExpression(e) &&
      e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      e.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) {
      return this.report(e, place, `the assignment '${short(e, this.sf)}'`);
    }
    if (ts.isObjectLiteralExpression(e)) return this.objectLiteral(e, place);
    if (ts.isClassExpression(e)) return this.classDefinition(e);
    ts.forEachChild(e, (child) => this.expression(child, place));
  }
}

export default defineRule({
  id: "no-top-level-side-effects",
  messages: {
    statement:
      "top-level {{kind}} runs at load time; expected only declarations and 'export default defineExtension(...)' (a declaration may build a Map, Set, WeakMap, WeakSet, Array or typed array with 'new', e.g. 'const seen = new Map([[1, 2]])'; other work goes into a handler)",
    initializer: "in the top-level initializer of '{{name}}', {{what}} runs code at load time; " + ALLOWED,
    enumEffect: "in enum member '{{name}}', {{what}} runs code at load time; " + ALLOWED,
    classEffect:
      "in class '{{name}}', {{what}} runs code at load time; " + ALLOWED + "; no decorators or static blocks",
    impureSpec: "in the argument of defineExtension, {{what}} runs code at load time; " + ALLOWED,
    implicitHook: "{{what}} could run at load time, called by the language or the kernel; " + HOOK_ADVICE,
    usingDeclaration:
      "top-level '{{kind}}' declaration: its Symbol.dispose runs when the module has loaded; expected 'const'",
    defaultExport: "default export is not 'defineExtension(...)' from '" + EXTENSION_MODULE + "'",
    missingDefault: "no 'export default defineExtension(...)'; expected exactly one",
    duplicateDefault: "second default export; expected exactly one 'export default defineExtension(...)'",
  },
  why: "Loading an extension must only register it: code at module top level would run before any capability is granted, outside every event handler's accounting.",
  details: `The module may contain declarations and one \`export default defineExtension(...)\`; no other
statement. A namespace body runs at load too, so its statements are held to the same rule (in SFI
mode no-declare, which refuses namespaces, is only a warning), and the names it exports become
members of the namespace object, held to (2) below. What the declarations evaluate while the
module loads (variable initializers and the defaults and computed keys of destructuring
patterns, enum member initializers, a class's \`extends\` clause, computed member names, decorators, static initializers and static blocks, the
argument of \`defineExtension\`) must run none of the extension's own code. Looking for calls is not
enough: \`enum E { A = o.n }\` ran a getter while loading (issue 8, finding 5; exercise
\`load-time-enum-getter\`). The rule proves two things, by syntax and name resolution only (SFI mode
keeps the rule but not the type checker, so no conclusion rests on a declared type):

1. **No load-time expression calls anything.** No call except \`export default
   defineExtension(...)\` from the API module; no tagged template, decorator, static block,
   assignment, \`++\`/\`--\`, \`delete\`, \`await\` or \`yield\`; \`new\` only of the builtin containers \`Map\`,
   \`Set\`, \`WeakMap\`, \`WeakSet\`, \`Array\` and the typed arrays (resolved to the ES library: a local
   class named \`Map\` is not the builtin); no \`using\` declaration (its \`Symbol.dispose\` runs when the
   module has loaded).
2. **Nothing built at load time carries code that runs implicitly.** Object literals evaluated at
   load time and the static side of classes may have no getter or setter, no member named
   \`toJSON\` (the kernel serialises handler options and guards while loading), \`toString\`,
   \`toLocaleString\`, \`valueOf\` (conversions) or \`then\` (promise resolution), no \`__proto__\` key,
   and no computed key that the verifier cannot fold to a constant string or number (it could be
   \`Symbol.iterator\` or \`Symbol.toPrimitive\`). Constants fold through literals, template literals,
   \`+\`, enum members and module-level \`const\`s, each \`const\` once, to keys of at most ${MAX_KEY_LENGTH}
   characters (a longer one is refused). The instance side of a class is free: it is
   reachable only through \`new\` or \`.prototype\`, which (1) and no-prototype refuse.

Given both, every object that exists while the module loads is plain data, a function, a class
with plain statics, or a builtin, so what remains allowed (reading properties, operators,
template substitutions, spreads, destructuring, \`in\`, \`instanceof\`) can only run native code:

\`\`\`ts
const PAGE = 4096 * 2;                      // literals and operators
const seen = new Map<number, string>();     // builtin containers
const base = { lo: 0, hi: Number.MAX_SAFE_INTEGER };
const wide = { ...base, label: \`\${base.lo}-\${base.hi}\` };
enum Slot { First = base.lo, Second = First + 1 }
class Window { get size(): number { return 0; } }   // instance getters are fine
\`\`\``,
  check(ctx) {
    const { sourceFile } = ctx;
    const load = new LoadTimeCheck(ctx);
    let defaults = 0;
    /** The statements of the module, or of a namespace body (`namespace`: its name), run at load. */
    const walk = (statements: ts.NodeArray<ts.Statement>, namespace: string | undefined): void => {
      for (const st of statements) {
        // In a namespace, an exported declaration becomes a property of the namespace object
        // (and of a class, function or enum of the same name): (2) for its name.
        if (namespace !== undefined && hasModifier(st, ts.SyntaxKind.ExportKeyword)) {
          for (const id of declaredNames(st)) load.checkMemberName(id, `namespace '${namespace}'`);
        }
        if (ts.isModuleDeclaration(st)) {
          // A namespace body runs at load like the module's own statements (red team 13,
          // load-time-namespace: no-declare refuses namespaces, but SFI mode only warns for it).
          const body = namespaceBody(st);
          if (body !== undefined)
            walk(body.block.statements, namespace === undefined ? body.name : `${namespace}.${body.name}`);
          continue;
        }
        if (
          ts.isImportDeclaration(st) ||
          ts.isExportDeclaration(st) ||
          ts.isInterfaceDeclaration(st) ||
          ts.isTypeAliasDeclaration(st) ||
          ts.isImportEqualsDeclaration(st) || // `= require()` refused by no-foreign-import; `= E.B` only reads
          ts.isEmptyStatement(st)
        ) {
          continue;
        }
        const isDefault = hasModifier(st, ts.SyntaxKind.DefaultKeyword);
        if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) {
          if (isDefault && namespace !== undefined) ctx.report(st, "defaultExport");
          else if (isDefault) {
            defaults++;
            ctx.report(st, defaults > 1 ? "duplicateDefault" : "defaultExport");
          }
          if (ts.isClassDeclaration(st)) load.classDefinition(st);
          continue;
        }
        if (ts.isEnumDeclaration(st)) {
          for (const m of st.members) {
            if (m.initializer !== undefined)
              load.expression(m.initializer, { messageId: "enumEffect", name: m.name.getText(sourceFile) });
          }
          continue;
        }
        if (ts.isVariableStatement(st)) {
          const list = st.declarationList;
          // `await using` has both flags; `using` has Using alone.
          const using = (list.flags & ts.NodeFlags.Using) !== 0;
          if (using)
            ctx.report(list, "usingDeclaration", {
              kind: (list.flags & ts.NodeFlags.AwaitUsing) === ts.NodeFlags.AwaitUsing ? "await using" : "using",
            });
          for (const d of list.declarations) {
            const place: Place = { messageId: "initializer", name: short(d.name, sourceFile) };
            // A destructuring pattern evaluates its defaults and computed keys.
            if (!ts.isIdentifier(d.name)) load.expression(d.name, place);
            if (d.initializer !== undefined) load.expression(d.initializer, place);
          }
          continue;
        }
        if (ts.isExportAssignment(st) && namespace !== undefined) {
          ctx.report(st, "defaultExport"); // not the module's default export
          continue;
        }
        if (ts.isExportAssignment(st)) {
          defaults++;
          if (defaults > 1) {
            ctx.report(st, "duplicateDefault");
            continue;
          }
          let e: ts.Expression = st.expression;
          while (ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
          if (
            st.isExportEquals === true ||
            !ts.isCallExpression(e) ||
            !ts.isIdentifier(e.expression) ||
            !isImportFrom(ctx, e.expression, EXTENSION_MODULE, "defineExtension")
          ) {
            ctx.report(st, "defaultExport");
            continue;
          }
          for (const a of e.arguments) load.expression(a, { messageId: "impureSpec", name: "defineExtension" });
          continue;
        }
        const kind = (ts.SyntaxKind[st.kind] ?? "statement").replace(/Statement$/, " statement").toLowerCase();
        ctx.report(st, "statement", { kind: namespace === undefined ? kind : `${kind} (in namespace '${namespace}')` });
      }
    };
    walk(sourceFile.statements, undefined);
    if (defaults === 0) ctx.reportRange(0, 0, "missingDefault");
  },
});
