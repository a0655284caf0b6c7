/**
 * Reading an extension file (where in it a handler is declared is locate.ts: that needs the
 * compiler, reading does not).
 */
import path from "node:path";
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

/**
 * `.ts` only. A `.mts` or `.cts` name makes TypeScript treat the file as an ES or CommonJS module
 * whatever the options say, and the placements transpile with different options: the same file
 * loaded in some placements and failed in others with unrelated messages (red team 13). Refused
 * by name, before a byte is read, with what to do.
 */
function checkExtensionFileName(file: string): void {
  if (/\.[mc]ts$/.test(file)) {
    throw new ExtensionInputError(
      `${visible(file)}: an extension is a TypeScript file named .ts, not .${file.slice(-3)}; rename it to .ts`,
    );
  }
  if (!file.endsWith(".ts") || file.endsWith(".d.ts")) {
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
