/**
 * Reading a JSON (with comments) document while remembering where every value came from, so that
 * each validation error can point at the line:col of the offending value. Scenario files and
 * generator options are both read through this.
 */
import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import { WorkloadError, didYouMean } from "./errors.js";
import { PAGE_SIZE } from "../kernel/workload.js";

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: "this is not JSON (a stray character or an unquoted word?)",
  InvalidNumberFormat: "malformed number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected "," between items (or a closing bracket)',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the array',
  EndOfFileExpected: "unexpected text after the end of the document",
  InvalidCommentToken: "malformed comment",
  UnexpectedEndOfComment: "unterminated /* comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape character in string",
  InvalidCharacter: "invalid character in string (control characters must be escaped)",
};

export class JsonDocument {
  readonly root: JsonValue;
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    const errors: ParseError[] = [];
    const node = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    const first = errors[0];
    if (first !== undefined) {
      const code = printParseErrorCode(first.error);
      throw this.errorAt(first.offset, `JSON syntax error: ${SYNTAX_MESSAGES[code] ?? code}`);
    }
    if (node === undefined) throw this.errorAt(0, "the file is empty; expected a JSON object");
    this.root = new JsonValue(this, node, "");
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  errorAt(offset: number, detail: string): WorkloadError {
    const { line, column } = this.position(offset);
    return new WorkloadError(this.file, line, column, detail);
  }
}

/** Short rendering of a JSON value for "got ..." in messages. */
function shown(node: Node): string {
  switch (node.type) {
    case "object":
      return "an object";
    case "array":
      return "an array";
    case "string": {
      const s = JSON.stringify(node.value);
      return s.length > 40 ? `${s.slice(0, 37)}..."` : s;
    }
    default:
      return String(node.value);
  }
}

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** Require min < value rather than min <= value. */
  readonly exclusiveMin?: boolean;
}

function rangeText(range: NumberRange): string {
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`${range.exclusiveMin ? ">" : "≥"} ${range.min}`);
  if (range.max !== undefined) parts.push(`≤ ${range.max}`);
  return parts.length === 0 ? "" : " " + parts.join(" and ");
}

/** The largest address the simulator can hold exactly in a Float64Array. */
export const MAX_ADDRESS = Number.MAX_SAFE_INTEGER;

export class JsonValue {
  constructor(
    readonly doc: JsonDocument,
    readonly node: Node,
    /** Where the value sits, e.g. `apps[0].threads[1].workload.type`. */
    readonly path: string,
  ) {}

  get type(): Node["type"] {
    return this.node.type;
  }

  error(detail: string): WorkloadError {
    return this.doc.errorAt(this.node.offset, this.path === "" ? detail : `${this.path}: ${detail}`);
  }

  fail(detail: string): never {
    throw this.error(detail);
  }

  private expect(type: Node["type"], what: string): void {
    if (this.node.type !== type) this.fail(`expected ${what}, got ${shown(this.node)}`);
  }

  /** An object whose keys must all be among `known`. */
  object(known: readonly string[], what = "key"): ObjectReader {
    this.expect("object", "an object");
    const members = new Map<string, JsonValue>();
    for (const property of this.node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode === undefined) continue;
      const key = String(keyNode.value);
      const keyPath = this.path === "" ? key : `${this.path}.${key}`;
      const at = (detail: string) => this.doc.errorAt(keyNode.offset, `${keyPath}: ${detail}`);
      if (!known.includes(key)) {
        throw at(`unknown ${what} (known: ${known.join(", ")}).${didYouMean(key, known)}`);
      }
      if (members.has(key)) throw at(`"${key}" is given twice; keep one`);
      if (valueNode === undefined) throw at("missing value");
      members.set(key, new JsonValue(this.doc, valueNode, keyPath));
    }
    return new ObjectReader(this, members);
  }

  /** One member of an object, without checking the other keys (e.g. a discriminating "type"). */
  peek(key: string): JsonValue | undefined {
    this.expect("object", "an object");
    for (const property of this.node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode?.value === key && valueNode !== undefined) {
        return new JsonValue(this.doc, valueNode, this.path === "" ? key : `${this.path}.${key}`);
      }
    }
    return undefined;
  }

  array(): JsonValue[] {
    this.expect("array", "an array");
    return (this.node.children ?? []).map((child, i) => new JsonValue(this.doc, child, `${this.path}[${i}]`));
  }

  string(): string {
    this.expect("string", "a string");
    return this.node.value as string;
  }

  boolean(): boolean {
    this.expect("boolean", "true or false");
    return this.node.value as boolean;
  }

  number(range: NumberRange = {}): number {
    const value = this.node.value;
    if (this.node.type !== "number" || !Number.isFinite(value)) {
      this.fail(`expected a number${rangeText(range)}, got ${shown(this.node)}`);
    }
    this.checkRange(value as number, "a number", range);
    return value as number;
  }

  integer(range: NumberRange = {}): number {
    const value = this.node.value;
    if (this.node.type !== "number" || !Number.isSafeInteger(value)) {
      this.fail(`expected an integer${rangeText(range)}, got ${shown(this.node)}`);
    }
    this.checkRange(value as number, "an integer", range);
    return value as number;
  }

  private checkRange(value: number, what: string, range: NumberRange): void {
    const low = range.min !== undefined && (range.exclusiveMin ? value <= range.min : value < range.min);
    const high = range.max !== undefined && value > range.max;
    if (low || high) this.fail(`expected ${what}${rangeText(range)}, got ${value}`);
  }

  /** A byte address: a "0x..." hex string or a non-negative integer. */
  address(): number {
    if (this.node.type === "number") return this.integer({ min: 0, max: MAX_ADDRESS });
    if (this.node.type !== "string") {
      this.fail(`expected an address ("0x10000000" or a non-negative integer), got ${shown(this.node)}`);
    }
    const text = this.node.value as string;
    if (!/^0[xX][0-9a-fA-F]+$/.test(text)) {
      this.fail(`expected a hex address such as "0x10000000" (with the 0x prefix) or a number, got ${shown(this.node)}`);
    }
    const value = parseInt(text.slice(2), 16);
    if (value > MAX_ADDRESS) this.fail(`address ${text} is beyond 2^53, which the simulator cannot represent`);
    return value;
  }

  /** A byte address that must start a page. */
  pageAlignedAddress(): number {
    const address = this.address();
    if (address % PAGE_SIZE !== 0) {
      const below = address - (address % PAGE_SIZE);
      this.fail(
        `address 0x${address.toString(16)} is not page-aligned (pages are ${PAGE_SIZE} = 0x${PAGE_SIZE.toString(16)} bytes); ` +
          `use 0x${below.toString(16)} or 0x${(below + PAGE_SIZE).toString(16)}`,
      );
    }
    return address;
  }

  /** The value as plain JavaScript data (for options passed through unvalidated). */
  plain(): unknown {
    return getNodeValue(this.node);
  }
}

/** The members of one object, with typed, defaulted accessors. */
export class ObjectReader {
  constructor(
    readonly value: JsonValue,
    private readonly members: ReadonlyMap<string, JsonValue>,
  ) {}

  get path(): string {
    return this.value.path;
  }

  has(key: string): boolean {
    return this.members.has(key);
  }

  get(key: string): JsonValue | undefined {
    return this.members.get(key);
  }

  require(key: string, hint = ""): JsonValue {
    const member = this.members.get(key);
    if (member === undefined) this.value.fail(`missing "${key}"${hint === "" ? "" : ` (${hint})`}`);
    return member;
  }

  integer(key: string, fallback: number, range: NumberRange = {}): number {
    return this.members.get(key)?.integer(range) ?? fallback;
  }

  number(key: string, fallback: number, range: NumberRange = {}): number {
    return this.members.get(key)?.number(range) ?? fallback;
  }

  boolean(key: string, fallback: boolean): boolean {
    return this.members.get(key)?.boolean() ?? fallback;
  }

  string(key: string, fallback: string): string {
    return this.members.get(key)?.string() ?? fallback;
  }

  /** A string that must be one of `choices`. */
  choice<T extends string>(key: string, fallback: T, choices: readonly T[]): T {
    const member = this.members.get(key);
    if (member === undefined) return fallback;
    const text = member.string();
    if (!(choices as readonly string[]).includes(text)) {
      member.fail(`expected one of ${choices.map((c) => `"${c}"`).join(", ")}, got "${text}".${didYouMean(text, choices)}`);
    }
    return text as T;
  }
}

/** Plain data (e.g. generator options written in code) as a located document, so one code path
 * validates both files and programmatic input; errors then point into the pretty-printed JSON. */
export function documentOf(data: unknown, label = "<inline>"): JsonDocument {
  return new JsonDocument(label, JSON.stringify(data, null, 2) ?? "null");
}
