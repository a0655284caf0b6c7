/**
 * Where in an extension's source each handler is declared (for load errors): one parse with the
 * TypeScript compiler, done where the extension is checked; the simulation worker and the command
 * line get the positions as data.
 */
import ts from "../typescript.js";

/** Where each property name is first written in a source, and the `defineExtension` call. */
export interface HandlerLocations {
  /** `[name, position]` for the first property (assignment, method, shorthand) of each name, 1-based. */
  readonly names: readonly (readonly [string, { line: number; column: number }])[];
  readonly define?: { line: number; column: number };
}

/**
 * Every position `locateEvent` could answer, from one parse: what the simulation worker gets
 * instead of the TypeScript compiler (it locates handlers without parsing).
 */
export function locateAll(source: string): HandlerLocations {
  const sf = ts.createSourceFile("extension.ts", source, ts.ScriptTarget.ES2022, true);
  const names = new Map<string, { line: number; column: number }>();
  let define: { line: number; column: number } | undefined;
  const at = (node: ts.Node) => {
    const lc = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return { line: lc.line + 1, column: lc.character + 1 };
  };
  const visit = (node: ts.Node): void => {
    if (
      (ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node) || ts.isShorthandPropertyAssignment(node)) &&
      node.name
    ) {
      const name = node.name;
      const text = ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
      if (text !== undefined && !names.has(text)) names.set(text, at(name));
    }
    if (
      !define &&
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "defineExtension"
    )
      define = at(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return define === undefined ? { names: [...names] } : { names: [...names], define };
}
