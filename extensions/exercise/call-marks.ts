/**
 * Where a call of a TypeScript source is, as the engines place a frame of it: the logs-placed
 * check's judge of a log line's position. A log line is placed at the innermost frame of the
 * extension's file on the stack when kernel.log ran: the kernel.log call, or the call through
 * which the kernel reached it (the JSON.stringify whose walk called a toJSON that is kernel.log:
 * log-position-deep-tojson). Each engine marks a call in its own place (test/sandbox/
 * log-position.test.ts): QuickJS at the call's opening parenthesis, V8 at the name of the
 * function called (an identifier, or a property access's name) and at the parenthesis
 * otherwise (an element access, a call of a call's result), a tagged template at the template.
 * A position is a call's only if it is one of these marks of a call expression of the parsed
 * source: a line's text that merely holds `kernel.log(` (a comment, a string) places nothing
 * (red team 15: the check read the line's text, so `// kernel.log(` on a line satisfied it).
 *
 * The engines also call a function with no call expression: a value's `toString` or `valueOf`
 * where the language coerces it (red team 17, log-via-template-coercion: `{ toString:
 * kernel.log }` in a template). Such a line is placed where the coercion is, and both engines
 * agree there (test/sandbox/log-position.test.ts): at a template substitution's expression, at a
 * coercing binary operator (as the TypeScript source map places the operator: from the end of
 * its left operand, the token's leading space included), at a prefix `+`, `-` or `~`. These
 * are marks too (coercionMarks), and only these: a getter, the other way the language calls a
 * function unasked, cannot be kernel.log (the verifier refuses property descriptors, and a getter
 * written as one is a call of kernel.log inside it). When the coerced substitution is itself a
 * call (`${mk()}`), the engines place the line at the last call in it (QuickJS's parenthesis,
 * V8's name), the place they last recorded: still in the extension's own expression that caused
 * the call, not a place of the guest's choosing.
 *
 * Since red team 18, kernel.log itself refuses such calls (its receiver is then the coerced
 * object, the toJSON's holder, the thenable, the iterator: sandbox/guest/prelude.js, log), so
 * a coercion places a line only of a bound kernel.log, which keeps its own receiver.
 */
import ts from "../typescript.js";

/** Binary operators that coerce an operand with its toString or valueOf (assignment forms included). */
const COERCING_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.AsteriskAsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken,
  ts.SyntaxKind.LessThanLessThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
  ts.SyntaxKind.AmpersandToken,
  ts.SyntaxKind.BarToken,
  ts.SyntaxKind.CaretToken,
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.InKeyword,
  ts.SyntaxKind.PlusEqualsToken,
  ts.SyntaxKind.MinusEqualsToken,
  ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.AsteriskAsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken,
  ts.SyntaxKind.PercentEqualsToken,
  ts.SyntaxKind.LessThanLessThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.AmpersandEqualsToken,
  ts.SyntaxKind.BarEqualsToken,
  ts.SyntaxKind.CaretEqualsToken,
]);

/** Prefix operators that coerce their operand. */
const COERCING_PREFIXES: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.TildeToken,
]);

/** `line:column` (1-based) of every mark of every call of `text`. */
export function callMarks(fileName: string, text: string): ReadonlySet<string> {
  return marksOf(fileName, text, false);
}

/** Every place of `text` where an engine places a line kernel.log wrote: its calls' marks and its coercions'. */
export function logMarks(fileName: string, text: string): ReadonlySet<string> {
  return marksOf(fileName, text, true);
}

function marksOf(fileName: string, text: string, coercions: boolean): ReadonlySet<string> {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const marks = new Set<string>();
  const markAt = (pos: number): void => {
    const at = sf.getLineAndCharacterOfPosition(pos);
    marks.add(`${at.line + 1}:${at.character + 1}`);
  };
  const mark = (node: ts.Node): void => markAt(node.getStart(sf));
  const coercion = (node: ts.Node): void => {
    if (!coercions) return;
    // A tagged template passes its substitutions to the tag uncoerced.
    if (ts.isTemplateSpan(node)) {
      if (!ts.isTaggedTemplateExpression(node.parent.parent)) mark(node.expression);
    } else if (ts.isBinaryExpression(node) && COERCING_OPERATORS.has(node.operatorToken.kind))
      markAt(node.operatorToken.pos);
    else if (ts.isPrefixUnaryExpression(node) && COERCING_PREFIXES.has(node.operator)) mark(node);
  };
  const name = (callee: ts.Expression): void => {
    if (ts.isIdentifier(callee)) mark(callee);
    else if (ts.isPropertyAccessExpression(callee)) mark(callee.name);
  };
  const visit = (node: ts.Node): void => {
    coercion(node);
    if (ts.isCallExpression(node)) {
      name(node.expression);
      const paren = node.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.OpenParenToken);
      if (paren !== undefined) mark(paren);
    } else if (ts.isTaggedTemplateExpression(node)) {
      name(node.tag);
      mark(node.template);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return marks;
}
