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
 */
import ts from "../typescript.js";

/** `line:column` (1-based) of every mark of every call of `text`. */
export function callMarks(fileName: string, text: string): ReadonlySet<string> {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const marks = new Set<string>();
  const mark = (node: ts.Node): void => {
    const at = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    marks.add(`${at.line + 1}:${at.character + 1}`);
  };
  const name = (callee: ts.Expression): void => {
    if (ts.isIdentifier(callee)) mark(callee);
    else if (ts.isPropertyAccessExpression(callee)) mark(callee.name);
  };
  const visit = (node: ts.Node): void => {
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
