/** Reading an extension file, and finding where in it a handler is declared (for load errors). */
import path from "node:path";
import ts from "../typescript.js";
import { bytesText } from "../../workloads/limits.js";
import { EXTENSION_INPUT, InputFileError, readInputText } from "../../workloads/read-input.js";
import { visible } from "../visible.js";
import { ExtensionInputError } from "./errors.js";

export interface ExtensionSource {
  /** As the user named it; diagnostics and reports use this. */
  readonly file: string;
  readonly absolute: string;
  readonly text: string;
}

/** The source of an extension file: regular files of at most MAX_EXTENSION_BYTES only, checked
 * before a byte is read (workloads/read-input.ts). */
export function readExtension(file: string): ExtensionSource {
  const absolute = path.resolve(file);
  checkExtensionFileName(file);
  return { file, absolute, text: readExtensionText(file) };
}

function checkExtensionFileName(file: string): void {
  if (!/\.(m|c)?ts$/.test(file) || file.endsWith(".d.ts")) {
    throw new ExtensionInputError(`${visible(file)}: an extension is a TypeScript file (.ts)`);
  }
}

/**
 * An extension whose text the caller already holds (the playground's editor), under the same rules
 * as a file: a `.ts` name, at most MAX_EXTENSION_BYTES of UTF-8, a byte-order mark removed.
 */
export function extensionFromText(file: string, text: string): ExtensionSource {
  checkExtensionFileName(file);
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > EXTENSION_INPUT.maxBytes) {
    throw new ExtensionInputError(
      `${visible(file)}: it is ${bytesText(bytes)}, more than the ${bytesText(EXTENSION_INPUT.maxBytes)} an extension may be; ${EXTENSION_INPUT.whenTooLarge}`,
    );
  }
  return { file, absolute: path.resolve(file), text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** The text of an extension file (bounded, typed, BOM removed); ExtensionInputError when it cannot be used. */
export function readExtensionText(file: string): string {
  try {
    return readInputText(path.resolve(file), EXTENSION_INPUT);
  } catch (error) {
    if (error instanceof InputFileError) throw new ExtensionInputError(`cannot read ${visible(file)}: ${error.reason}`);
    throw error;
  }
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
