/** AST and type helpers shared by verifier rules. */
import ts from "../typescript.js";
import { isExpressionWrapper } from "../expression-wrappers.js";
import type { RuleContext } from "./rule.js";

/** Member names that reach the prototype chain, the Function constructor or legacy accessors. */
export const DANGEROUS_MEMBER_NAMES: ReadonlySet<string> = new Set([
  "constructor",
  "prototype",
  "__proto__",
  "caller",
  "callee",
  "arguments",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);

/** Text of a literal key expression: string, number or no-substitution template (through parentheses). */
export function literalText(node: ts.Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node))
    return node.text;
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  return undefined;
}

/** Static text of a property name (identifier, literal, or computed literal). */
export function staticName(node: ts.Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return ts.idText(node);
  if (ts.isComputedPropertyName(node)) return literalText(node.expression);
  return literalText(node);
}

/**
 * If `node` reads or writes a member by a statically known name, return
 * the name and the node holding it: `a.b`, `a["b"]`, `{ b } = a`,
 * `{ b: x }` (object literals, including destructuring assignment patterns).
 */
export function memberNameAt(node: ts.Node): { name: string; at: ts.Node } | undefined {
  if (ts.isPropertyAccessExpression(node)) return { name: ts.idText(node.name), at: node.name };
  if (ts.isElementAccessExpression(node)) {
    const name = literalText(node.argumentExpression);
    return name === undefined ? undefined : { name, at: node.argumentExpression };
  }
  if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
    const key = node.propertyName ?? node.name;
    const name = staticName(key);
    return name === undefined ? undefined : { name, at: key };
  }
  if (
    (ts.isPropertyAssignment(node) ||
      ts.isShorthandPropertyAssignment(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    ts.isObjectLiteralExpression(node.parent)
  ) {
    const name = staticName(node.name);
    return name === undefined ? undefined : { name, at: node.name };
  }
  return undefined;
}

/** Is this identifier a reference to a value or binding (not a property name, label or type name)? */
export function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (p === undefined) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if (ts.isTypeReferenceNode(p)) return false;
  if (
    (ts.isPropertyAssignment(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isPropertySignature(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isMethodSignature(p) ||
      ts.isGetAccessorDeclaration(p) ||
      ts.isSetAccessorDeclaration(p) ||
      ts.isEnumMember(p)) &&
    p.name === id
  ) {
    return false;
  }
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if ((ts.isImportSpecifier(p) || ts.isExportSpecifier(p)) && p.propertyName === id) return false;
  if ((ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) && p.label === id) return false;
  if (ts.isTypeParameterDeclaration(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p)) return false;
  return true;
}

/** Value references to any of `names` (after unicode-escape decoding). */
export function referencedGlobal(node: ts.Node, names: ReadonlySet<string>): string | undefined {
  if (!ts.isIdentifier(node)) return undefined;
  const text = ts.idText(node);
  return names.has(text) && isValueReference(node) ? text : undefined;
}

/**
 * If the node's type is a member declared on a lib interface (e.g. the
 * function type of `Object.defineProperty`, however it was reached:
 * directly, through an alias or by destructuring), return
 * `"Interface.member"`.
 */
export function libMemberOfType<M extends string>(ctx: RuleContext<M>, node: ts.Node): string | undefined {
  const type = ctx.checker.getTypeAtLocation(node);
  const candidates = [
    type.getSymbol(),
    ts.isPropertyAccessExpression(node) ? ctx.checker.getSymbolAtLocation(node.name) : undefined,
  ];
  for (const sym of candidates) {
    for (const decl of sym?.getDeclarations() ?? []) {
      if (!ctx.isLibFile(decl.getSourceFile())) continue;
      if ((ts.isMethodSignature(decl) || ts.isPropertySignature(decl)) && ts.isInterfaceDeclaration(decl.parent)) {
        return `${decl.parent.name.text}.${sym?.getName() ?? "?"}`;
      }
    }
  }
  return undefined;
}

/** Is `node` written to (assignment target, ++/--, delete, for-in/of target, destructuring target)? */
export function isWriteTarget(node: ts.Node): boolean {
  let child: ts.Node = node;
  let p = node.parent;
  while (p !== undefined && isExpressionWrapper(p)) {
    child = p;
    p = p.parent;
  }
  if (p === undefined) return false;
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    return op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment && p.left === child;
  }
  if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) {
    return p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken;
  }
  if (ts.isDeleteExpression(p)) return true;
  if ((ts.isForInStatement(p) || ts.isForOfStatement(p)) && p.initializer === child) return true;
  // Destructuring assignment: [a.b] = ..., ({ k: a.b } = ...), ({ ...a.b } = ...)
  if (
    ts.isArrayLiteralExpression(p) ||
    ts.isSpreadElement(p) ||
    ts.isSpreadAssignment(p) ||
    ts.isShorthandPropertyAssignment(p)
  ) {
    return isWriteTarget(p);
  }
  if (ts.isPropertyAssignment(p) && p.initializer === child) return isWriteTarget(p.parent);
  if (ts.isObjectLiteralExpression(p)) return isWriteTarget(p);
  return false;
}

/** Declarations of this identifier's symbol, following import aliases. */
export function isImportFrom<M extends string>(
  ctx: RuleContext<M>,
  id: ts.Identifier,
  moduleName: string,
  exportName: string,
): boolean {
  const sym = ctx.checker.getSymbolAtLocation(id);
  if (sym === undefined) return false;
  for (const decl of sym.getDeclarations() ?? []) {
    if (!ts.isImportSpecifier(decl)) continue;
    const imported = ts.idText(
      decl.propertyName !== undefined && ts.isIdentifier(decl.propertyName) ? decl.propertyName : decl.name,
    );
    const spec = decl.parent.parent.parent.moduleSpecifier;
    if (imported === exportName && ts.isStringLiteral(spec) && spec.text === moduleName) return true;
  }
  return false;
}

export function typeToString<M extends string>(ctx: RuleContext<M>, node: ts.Node): string {
  return ctx.checker.typeToString(ctx.checker.getTypeAtLocation(node));
}
