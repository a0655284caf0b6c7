/**
 * Where a property key becomes a function's name, in QuickJS's stacks. QuickJS writes a frame as
 * `    at <name> (<file>:<line>:<col>)`, the name read from the function's own `name`, and a
 * method's name is its key, any string: a key with a line break wrote a frame line of the
 * extension's choosing into every stack the method is on (`"x (ext.js:3:5)\n    at y"() {}`),
 * and the report placed a fault there (frame-name-forge). So a key that names a function may hold
 * no line break: refused at load time when it is a literal (analysis.ts), checked when the key is
 * computed (passes/core.ts: `__sfi_name`, which traps on one, in a symbol's description too; a
 * key of another type, an object typed `number`, is converted to its property key there first,
 * once, and that string checked: red team 18's log-position-object-key-name).
 * The other ways to give a function a name are closed already (Object.defineProperty: the
 * verifier's no-reflective-object-api, and SFI's taming) or are a class's static `name` field,
 * checked here the same way.
 */
import ts from "../typescript.js";

/** A line break the host's reading of a stack would take for the end of a frame. */
export const NAME_BREAK = /[\n\r]/;

/** An anonymous function or class, which takes the key it is the value of as its name. */
function namedByKey(e: ts.Expression | undefined): boolean {
  let x = e;
  while (
    x !== undefined &&
    (ts.isParenthesizedExpression(x) ||
      ts.isAsExpression(x) ||
      ts.isSatisfiesExpression(x) ||
      ts.isNonNullExpression(x) ||
      ts.isTypeAssertionExpression(x))
  )
    x = x.expression;
  return (
    x !== undefined &&
    (ts.isArrowFunction(x) || ((ts.isFunctionExpression(x) || ts.isClassExpression(x)) && x.name === undefined))
  );
}

function isStatic(m: ts.Node): boolean {
  return ts.canHaveModifiers(m) && (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
}

/** What a member's key names: a function (its value's, or itself), the class (a static `name`), or nothing. */
export function keyNames(member: ts.Node): "function" | "class" | undefined {
  if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member))
    return "function";
  if (ts.isPropertyAssignment(member)) return namedByKey(member.initializer) ? "function" : undefined;
  if (ts.isPropertyDeclaration(member)) {
    if (namedByKey(member.initializer)) return "function";
    if (isStatic(member) && ts.isClassLike(member.parent)) return "class";
  }
  return undefined;
}

/** The text of a literal key (`"a"`, `'a'`, `` `a` ``, `1`, `["a"]`), or undefined. */
export function literalKeyText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  const n = ts.isComputedPropertyName(name) ? name.expression : name;
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isNumericLiteral(n)) return n.text;
  return undefined;
}
