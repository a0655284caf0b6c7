/**
 * JSON with comments, parsed into a compact tree: one slot per value in a few typed arrays (about
 * 17 bytes a value) instead of one object per value, and with a loop and an explicit stack instead
 * of recursion, so that neither a long array of numbers nor a deeply nested document can exhaust
 * the heap or the call stack. The tokens come from jsonc-parser's scanner; the grammar and the
 * first error (its kind and offset) follow jsonc-parser's own `visit`, which we cannot use because
 * it recurses once per nesting level.
 *
 * A node's subtree occupies the slots [node, end[node]); its children follow it in order. An
 * object's children alternate KEY and value nodes.
 */
import { createScanner, printParseErrorCode, type ParseErrorCode } from "jsonc-parser";

export const OBJECT = 0;
export const ARRAY = 1;
export const STRING = 2;
export const NUMBER = 3;
export const TRUE = 4;
export const FALSE = 5;
export const NULL = 6;
/** An object member's name; its value is the next sibling. */
export const KEY = 7;
export type NodeKind =
  | typeof OBJECT
  | typeof ARRAY
  | typeof STRING
  | typeof NUMBER
  | typeof TRUE
  | typeof FALSE
  | typeof NULL
  | typeof KEY;

// jsonc-parser's SyntaxKind, ScanError and ParseErrorCode are `const enum`s, which a per-file
// transpiler cannot inline; their values are part of its published API.
const T_OPEN_BRACE = 1,
  T_CLOSE_BRACE = 2,
  T_OPEN_BRACKET = 3,
  T_CLOSE_BRACKET = 4,
  T_COMMA = 5,
  T_COLON = 6;
const T_NULL = 7,
  T_TRUE = 8,
  T_FALSE = 9,
  T_STRING = 10,
  T_NUMBER = 11,
  T_LINE_COMMENT = 12,
  T_BLOCK_COMMENT = 13;
const T_LINE_BREAK = 14,
  T_TRIVIA = 15,
  T_UNKNOWN = 16,
  T_EOF = 17;
const SCAN_ERRORS: Record<number, number> = { 1: 11, 2: 12, 3: 13, 4: 14, 5: 15, 6: 16 };
const E_INVALID_SYMBOL = 1,
  E_INVALID_NUMBER = 2,
  E_PROPERTY_NAME = 3,
  E_VALUE = 4,
  E_COLON = 5,
  E_COMMA = 6;
const E_CLOSE_BRACE = 7,
  E_CLOSE_BRACKET = 8,
  E_END_OF_FILE = 9;

/** The first syntax error: jsonc-parser's code name (e.g. "CommaExpected") and its offset. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly code: string,
    readonly offset: number,
  ) {
    super(`JSON syntax error ${code} at offset ${offset}`);
  }
}

export class JsonTree {
  kind: Uint8Array;
  offset: Uint32Array;
  end: Int32Array;
  /** A number's value; a string's or key's index in `strings`. */
  payload: Float64Array;
  readonly strings: string[] = [];
  size = 0;

  constructor(capacity = 64) {
    this.kind = new Uint8Array(capacity);
    this.offset = new Uint32Array(capacity);
    this.end = new Int32Array(capacity);
    this.payload = new Float64Array(capacity);
  }

  add(kind: NodeKind, offset: number, payload: number): number {
    if (this.size === this.kind.length) this.grow();
    const node = this.size++;
    this.kind[node] = kind;
    this.offset[node] = offset;
    this.end[node] = node + 1;
    this.payload[node] = payload;
    return node;
  }

  private grow(): void {
    const capacity = this.kind.length * 2;
    const kind = new Uint8Array(capacity);
    kind.set(this.kind);
    this.kind = kind;
    const offset = new Uint32Array(capacity);
    offset.set(this.offset);
    this.offset = offset;
    const end = new Int32Array(capacity);
    end.set(this.end);
    this.end = end;
    const payload = new Float64Array(capacity);
    payload.set(this.payload);
    this.payload = payload;
  }

  /** The string of a STRING or KEY node. */
  text(node: number): string {
    return this.strings[this.payload[node]!]!;
  }

  /** The children of a container, in order. */
  *children(node: number): Generator<number> {
    for (let child = node + 1; child < this.end[node]!; child = this.end[child]!) yield child;
  }

  childCount(node: number): number {
    let n = 0;
    for (let child = node + 1; child < this.end[node]!; child = this.end[child]!) n++;
    return n;
  }
}

/** Parse `text` (comments and trailing commas allowed); throws JsonSyntaxError at the first error. */
export function parseJsonTree(text: string): JsonTree {
  const scanner = createScanner(text, false);
  const tree = new JsonTree(Math.min(1 << 16, Math.max(64, text.length >> 3)));
  const fail = (code: number): never => {
    throw new JsonSyntaxError(printParseErrorCode(code as ParseErrorCode), scanner.getTokenOffset());
  };
  const next = (): number => {
    for (;;) {
      const token = scanner.scan();
      const scanError = SCAN_ERRORS[scanner.getTokenError()];
      if (scanError !== undefined) fail(scanError);
      if (token === T_UNKNOWN) fail(E_INVALID_SYMBOL);
      if (token !== T_TRIVIA && token !== T_LINE_BREAK && token !== T_LINE_COMMENT && token !== T_BLOCK_COMMENT)
        return token;
    }
  };
  // The open containers: their nodes, and whether a comma must come before the next item.
  let stack = new Int32Array(64);
  let needsComma = new Uint8Array(64);
  let depth = 0;
  let token = next();

  /** Starts the value at `token`: a scalar is complete, a container is pushed. False if no value starts here. */
  const startValue = (): boolean => {
    const at = scanner.getTokenOffset();
    switch (token) {
      case T_OPEN_BRACE:
      case T_OPEN_BRACKET: {
        if (depth === stack.length) {
          const bigger = new Int32Array(depth * 2);
          bigger.set(stack);
          stack = bigger;
          const commas = new Uint8Array(depth * 2);
          commas.set(needsComma);
          needsComma = commas;
        }
        stack[depth] = tree.add(token === T_OPEN_BRACE ? OBJECT : ARRAY, at, 0);
        needsComma[depth] = 0;
        depth++;
        break;
      }
      case T_STRING:
        tree.strings.push(scanner.getTokenValue());
        tree.add(STRING, at, tree.strings.length - 1);
        break;
      case T_NUMBER: {
        const value = Number(scanner.getTokenValue());
        if (Number.isNaN(value)) fail(E_INVALID_NUMBER);
        tree.add(NUMBER, at, value);
        break;
      }
      case T_NULL:
        tree.add(NULL, at, 0);
        break;
      case T_TRUE:
        tree.add(TRUE, at, 0);
        break;
      case T_FALSE:
        tree.add(FALSE, at, 0);
        break;
      default:
        return false;
    }
    token = next();
    return true;
  };

  if (token === T_EOF || !startValue()) fail(E_VALUE);
  while (depth > 0) {
    const container = stack[depth - 1]!;
    const isObject = tree.kind[container] === OBJECT;
    const close = isObject ? T_CLOSE_BRACE : T_CLOSE_BRACKET;
    if (token === close || token === T_EOF) {
      if (token === T_EOF) fail(isObject ? E_CLOSE_BRACE : E_CLOSE_BRACKET);
      tree.end[container] = tree.size;
      depth--;
      token = next();
      continue;
    }
    if (token === T_COMMA) {
      if (!needsComma[depth - 1]) fail(E_VALUE);
      token = next();
      if (token === close) continue; // a trailing comma
    } else if (needsComma[depth - 1]) {
      fail(E_COMMA);
    }
    needsComma[depth - 1] = 1;
    if (isObject) {
      if (token !== T_STRING) fail(E_PROPERTY_NAME);
      tree.strings.push(scanner.getTokenValue());
      tree.add(KEY, scanner.getTokenOffset(), tree.strings.length - 1);
      token = next();
      if (token !== T_COLON) fail(E_COLON);
      token = next();
    }
    if (!startValue()) fail(E_VALUE);
  }
  if (token !== T_EOF) fail(E_END_OF_FILE);
  return tree;
}
