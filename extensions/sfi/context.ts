/**
 * Shared state of one rewrite: the original source file (positions), the options, the table of
 * check sites (site number → `file.ts:line:col`, used by trap messages and by the position
 * mapper), what the analysis found, and small AST helpers the passes share.
 */
import ts from "../typescript.js";
import type { SfiOptions } from "./options.js";

export const RESERVED_PREFIX = "__sfi";

/** The second module SFI mode offers: `import { heap } from "spin-kernel/sfi"`. */
export const SFI_MODULE = "spin-kernel/sfi";
export const API_MODULE = "spin-kernel/extension";

export interface Site {
  readonly line: number;
  readonly column: number;
}

export class SiteTable {
  readonly sites: Site[] = [];
  constructor(
    private readonly sf: ts.SourceFile,
    readonly displayFile: string,
  ) {}
  /** A new check site at the original position of `node` (synthesized nodes: their original). */
  add(node: ts.Node): number {
    const pos = positionOf(this.sf, node);
    this.sites.push(pos);
    return this.sites.length - 1;
  }
  labels(): string[] {
    const base = this.displayFile.replace(/\\/g, "/").split("/").pop() ?? this.displayFile;
    return this.sites.map((s) => `${base}:${s.line}:${s.column}`);
  }
}

export function positionOf(sf: ts.SourceFile, node: ts.Node): Site {
  let n: ts.Node | undefined = ts.getOriginalNode(node);
  while (n !== undefined && n.pos < 0) n = n.parent;
  if (n === undefined) return { line: 1, column: 1 };
  let start: number;
  try {
    start = n.getStart(sf);
  } catch {
    start = n.pos;
  }
  const lc = sf.getLineAndCharacterOfPosition(start);
  return { line: lc.line + 1, column: lc.character + 1 };
}

export interface Analysis {
  /** Local names of `heap` imported from spin-kernel/sfi. */
  readonly heapNames: ReadonlySet<string>;
  /** Local name of defineExtension, kernel and log imported from the API. */
  readonly defineNames: ReadonlySet<string>;
  readonly kernelNames: ReadonlySet<string>;
  readonly logNames: ReadonlySet<string>;
  /** Names declared more than once, or assigned: never resolved statically. */
  readonly unstable: ReadonlySet<string>;
  /** Top-level function declarations and `const f = () => …` with a stable name. */
  readonly ownFunctions: ReadonlySet<string>;
  /** Every declared name in the file. */
  readonly declared: ReadonlySet<string>;
  /** Function literals that are handlers written in place in defineExtension's handlers object. */
  readonly handlerLiterals: ReadonlyMap<ts.Node, string>;
}

export interface RewriteError {
  readonly node: ts.Node;
  readonly code: string;
  readonly message: string;
}

/**
 * A construct a pass was not written for: a bug of ours, but one with a place in the extension.
 * The rewrite turns it into a rejection at that place (rewrite.ts, `transpileOrRefuse`), so the
 * author learns where and can write the line another way, instead of the CLI exiting 70 with
 * our stack (red team 12, satisfies-compound-crash).
 */
export class RewriteUnsupported extends Error {
  constructor(
    readonly node: ts.Node,
    readonly what: string,
  ) {
    super(`internal: ${what}`);
    this.name = "RewriteUnsupported";
  }
}

export interface RewriteContext {
  readonly sf: ts.SourceFile;
  readonly options: SfiOptions;
  readonly sites: SiteTable;
  readonly analysis: Analysis;
  readonly stats: Record<string, number>;
  readonly errors: RewriteError[];
}

export const isReserved = (name: string): boolean => name.startsWith(RESERVED_PREFIX);

/** `__sfi_x(args...)` */
export function callRuntime(f: ts.NodeFactory, name: string, args: readonly ts.Expression[]): ts.CallExpression {
  return f.createCallExpression(f.createIdentifier(name), undefined, args);
}

export const num = (f: ts.NodeFactory, n: number): ts.Expression =>
  n < 0
    ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(-n))
    : f.createNumericLiteral(n);

/** Keep positions of the original node for the source map and for later passes' sites. */
export function like<T extends ts.Node>(created: T, original: ts.Node): T {
  ts.setOriginalNode(created, original);
  ts.setSourceMapRange(created, ts.getSourceMapRange(original));
  return created;
}

export function count(ctx: RewriteContext, key: string): void {
  ctx.stats[key] = (ctx.stats[key] ?? 0) + 1;
}

/** Function-like nodes with a body. */
export type FunctionWithBody =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration
  | ts.ConstructorDeclaration;

export function isFunctionWithBody(n: ts.Node): n is FunctionWithBody {
  return (
    (ts.isFunctionDeclaration(n) ||
      ts.isFunctionExpression(n) ||
      ts.isArrowFunction(n) ||
      ts.isMethodDeclaration(n) ||
      ts.isGetAccessorDeclaration(n) ||
      ts.isSetAccessorDeclaration(n) ||
      ts.isConstructorDeclaration(n)) &&
    n.body !== undefined
  );
}

/**
 * `node` with `body` in place of its own (an arrow may take an expression body; every other kind
 * a block): one place for the seven factory updates each pass that rewrites bodies needs.
 */
export function withBody(f: ts.NodeFactory, node: FunctionWithBody, body: ts.ConciseBody): FunctionWithBody {
  if (ts.isArrowFunction(node))
    return f.updateArrowFunction(
      node,
      node.modifiers,
      node.typeParameters,
      node.parameters,
      node.type,
      node.equalsGreaterThanToken,
      body,
    );
  if (!ts.isBlock(body)) throw new RewriteUnsupported(node, `an expression body for a ${ts.SyntaxKind[node.kind]}`);
  if (ts.isFunctionDeclaration(node))
    return f.updateFunctionDeclaration(
      node,
      node.modifiers,
      node.asteriskToken,
      node.name,
      node.typeParameters,
      node.parameters,
      node.type,
      body,
    );
  if (ts.isFunctionExpression(node))
    return f.updateFunctionExpression(
      node,
      node.modifiers,
      node.asteriskToken,
      node.name,
      node.typeParameters,
      node.parameters,
      node.type,
      body,
    );
  if (ts.isMethodDeclaration(node))
    return f.updateMethodDeclaration(
      node,
      node.modifiers,
      node.asteriskToken,
      node.name,
      node.questionToken,
      node.typeParameters,
      node.parameters,
      node.type,
      body,
    );
  if (ts.isGetAccessorDeclaration(node))
    return f.updateGetAccessorDeclaration(node, node.modifiers, node.name, node.parameters, node.type, body);
  if (ts.isSetAccessorDeclaration(node))
    return f.updateSetAccessorDeclaration(node, node.modifiers, node.name, node.parameters, body);
  return f.updateConstructorDeclaration(node, node.modifiers, node.parameters, body);
}

/**
 * Whether to leave a node alone entirely (types, imports, our own runtime calls). A class's
 * `extends` clause is a type node to TypeScript (ExpressionWithTypeArguments) but its expression
 * is a value evaluated when the class is made: it is visited like any other (red team 8's audit
 * of skipped places: `class B extends (() => { while (true); })() {}` ran a loop no pass
 * instrumented). An `implements` clause is a type only.
 */
export function isOpaque(n: ts.Node, parent?: ts.Node): boolean {
  return (
    (ts.isTypeNode(n) && !isClassExtends(n, parent)) ||
    (ts.isHeritageClause(n) && n.token === ts.SyntaxKind.ImplementsKeyword) ||
    ts.isImportDeclaration(n) ||
    ts.isInterfaceDeclaration(n) ||
    ts.isTypeAliasDeclaration(n) ||
    ts.isExportDeclaration(n)
  );
}

/**
 * The `C<T>` of `class X extends C<T>` (an interface's `extends` is inside its declaration, opaque
 * as a whole). Decided from the parent being visited: a node an earlier pass rebuilt has none.
 */
function isClassExtends(n: ts.Node, parent: ts.Node | undefined): boolean {
  return (
    parent !== undefined &&
    ts.isHeritageClause(parent) &&
    parent.token === ts.SyntaxKind.ExtendsKeyword &&
    ts.isExpressionWithTypeArguments(n)
  );
}

export function isRuntimeCall(n: ts.Node): boolean {
  return ts.isCallExpression(n) && ts.isIdentifier(n.expression) && isReserved(n.expression.text);
}

/**
 * Child positions that hold a name, not a value reference. A computed name (`{ [k]: v }`,
 * `const { [k]: v } = o`, `[k]() {}`) is a value, whatever slot it fills: it is visited (and its
 * key guarded) like any other expression.
 */
export function isNameSlot(parent: ts.Node, child: ts.Node): boolean {
  if (ts.isComputedPropertyName(child)) return false;
  return (
    ((ts.isPropertyAccessExpression(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isEnumMember(parent)) &&
      parent.name === child) ||
    (ts.isBindingElement(parent) && parent.propertyName === child) ||
    ((ts.isLabeledStatement(parent) || ts.isBreakStatement(parent) || ts.isContinueStatement(parent)) &&
      parent.label === child) ||
    ts.isQualifiedName(parent) ||
    ts.isExportSpecifier(parent) ||
    ts.isImportSpecifier(parent)
  );
}

/** visitEachChild that leaves name slots and type nodes alone. */
export function visitValues<T extends ts.Node>(
  node: T,
  visit: (n: ts.Node) => ts.VisitResult<ts.Node | undefined>,
  tctx: ts.TransformationContext,
): T {
  return ts.visitEachChild(node, (c) => (isNameSlot(node, c) || isOpaque(c, node) ? c : visit(c)), tctx);
}

/** `if (--__sfi_fuel < 0) __sfi_nofuel(site);` and friends are statements made here. */
export function statement(f: ts.NodeFactory, e: ts.Expression): ts.Statement {
  return f.createExpressionStatement(e);
}

/** Wrap a loop body or a concise arrow body in a block that starts with `first`. */
export function prependToBody(f: ts.NodeFactory, body: ts.Statement, first: ts.Statement): ts.Block {
  if (ts.isBlock(body)) return f.updateBlock(body, [first, ...body.statements]);
  return f.createBlock([first, body], true);
}
