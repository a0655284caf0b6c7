/** Reading an extension file, and finding where in it a handler is declared (for load errors). */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ExtensionInputError } from "./errors.js";

export interface ExtensionSource {
  /** As the user named it; diagnostics and reports use this. */
  readonly file: string;
  readonly absolute: string;
  readonly text: string;
}

export function readExtension(file: string): ExtensionSource {
  const absolute = path.resolve(file);
  let text: string;
  try {
    if (fs.statSync(absolute).isDirectory()) throw new ExtensionInputError(`cannot read ${file}: it is a directory`);
    text = fs.readFileSync(absolute, "utf8");
  } catch (error) {
    if (error instanceof ExtensionInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (error as Error).message;
    throw new ExtensionInputError(`cannot read ${file}: ${why}`);
  }
  if (!/\.(m|c)?ts$/.test(file) || file.endsWith(".d.ts")) {
    throw new ExtensionInputError(`${file}: an extension is a TypeScript file (.ts)`);
  }
  return { file, absolute, text };
}

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
    if ((ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node) || ts.isShorthandPropertyAssignment(node)) && node.name) {
      const name = node.name;
      const text = ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
      if (text !== undefined && !names.has(text)) names.set(text, at(name));
    }
    if (!define && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "defineExtension") define = at(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return define === undefined ? { names: [...names] } : { names: [...names], define };
}
