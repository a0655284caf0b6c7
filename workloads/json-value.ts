/**
 * Reading a JSON (with comments) document while remembering where every value came from, so that
 * each validation error can point at the line:col of the offending value. Scenario files and
 * generator options are both read through this. The document is held as a compact tree
 * (json-tree.ts): memory stays proportional to the text and nesting costs no call stack.
 */
import { WorkloadError, didYouMean } from "./errors.js";
import {
  ARRAY,
  FALSE,
  JsonSyntaxError,
  KEY,
  NUMBER,
  OBJECT,
  STRING,
  TRUE,
  parseJsonTree,
  type JsonTree,
} from "./json-tree.js";
import { MAX_ADDRESS, MAX_PLAIN_DEPTH } from "./limits.js";
import { visible } from "./visible.js";
import { PAGE_SIZE } from "../kernel/workload.js";

export { MAX_ADDRESS };

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

/** The JSON type of a value, as jsonc-parser names them. */
export type JsonType = "object" | "array" | "string" | "number" | "boolean" | "null";

const TYPE_OF: readonly JsonType[] = ["object", "array", "string", "number", "boolean", "boolean", "null", "string"];

export class JsonDocument {
  readonly root: JsonValue;
  readonly tree: JsonTree;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    try {
      this.tree = parseJsonTree(text);
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      throw this.errorAt(error.offset, `JSON syntax error: ${SYNTAX_MESSAGES[error.code] ?? error.code}`);
    }
    this.root = new JsonValue(this, 0, undefined, "");
  }

  /** 1-based line and column of an offset; counted when an error needs it, so nothing is kept per line. */
  position(offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = this.text.indexOf("\n"); i >= 0 && i < offset; i = this.text.indexOf("\n", i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: offset - lineStart + 1 };
  }

  errorAt(offset: number, detail: string): WorkloadError {
    const { line, column } = this.position(offset);
    return new WorkloadError(this.file, line, column, detail);
  }
}

/** Short rendering of a JSON value for "got ..." in messages. */
function shown(value: JsonValue): string {
  const tree = value.doc.tree;
  switch (tree.kind[value.node]) {
    case OBJECT:
      return "an object";
    case ARRAY:
      return "an array";
    case STRING: {
      const s = JSON.stringify(tree.text(value.node).slice(0, 40));
      return s.length > 40 ? `${s.slice(0, 37)}..."` : s;
    }
    case NUMBER:
      return String(tree.payload[value.node]);
    case TRUE:
      return "true";
    case FALSE:
      return "false";
    default:
      return "null";
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

/** A key as it appears in a path: plain names as `.name`, anything else quoted. */
function pathStep(parent: string, key: string): string {
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `"${visible(key, 60).replace(/"/g, '\\"')}"`;
  return parent === "" ? name : `${parent}.${name}`;
}

export class JsonValue {
  private cachedPath: string | undefined;

  constructor(
    readonly doc: JsonDocument,
    /** The value's slot in the document's tree. */
    readonly node: number,
    private readonly parent: JsonValue | undefined,
    /** `.key` or `[i]` from the parent; the whole path when there is no parent. */
    private readonly step: string,
  ) {}

  /** Where the value sits, e.g. `apps[0].threads[1].workload.type` (built when asked for). */
  get path(): string {
    if (this.cachedPath === undefined) {
      const steps: string[] = [];
      for (let v: JsonValue | undefined = this; v !== undefined; v = v.parent) steps.push(v.step);
      this.cachedPath = steps.reverse().join("");
    }
    return this.cachedPath;
  }

  get type(): JsonType {
    return TYPE_OF[this.doc.tree.kind[this.node]!]!;
  }

  error(detail: string): WorkloadError {
    const path = this.path;
    return this.doc.errorAt(this.doc.tree.offset[this.node]!, path === "" ? detail : `${path}: ${detail}`);
  }

  fail(detail: string): never {
    throw this.error(detail);
  }

  /** A short rendering of the value for "got ..." in messages. */
  shown(): string {
    return shown(this);
  }

  private expect(type: JsonType, what: string): void {
    if (this.type !== type) this.fail(`expected ${what}, got ${shown(this)}`);
  }

  private member(keyNode: number, valueNode: number): JsonValue {
    const key = this.doc.tree.text(keyNode);
    const step = pathStep(this.path, key).slice(this.path.length);
    return new JsonValue(this.doc, valueNode, this, step);
  }

  /** An object whose keys must all be among `known`. */
  object(known: readonly string[], what = "key"): ObjectReader {
    this.expect("object", "an object");
    const tree = this.doc.tree;
    const members = new Map<string, JsonValue>();
    let keyNode = -1;
    for (const child of tree.children(this.node)) {
      if (tree.kind[child] === KEY) {
        keyNode = child;
        continue;
      }
      const key = tree.text(keyNode);
      const keyPath = pathStep(this.path, key);
      const at = (detail: string) => this.doc.errorAt(tree.offset[keyNode]!, `${keyPath}: ${detail}`);
      if (!known.includes(key)) {
        throw at(`unknown ${what} (known: ${known.join(", ")}).${didYouMean(key, known)}`);
      }
      if (members.has(key)) throw at(`"${key}" is given twice; keep one`);
      members.set(key, this.member(keyNode, child));
    }
    return new ObjectReader(this, members);
  }

  /** One member of an object, without checking the other keys (e.g. a discriminating "type"). */
  peek(key: string): JsonValue | undefined {
    this.expect("object", "an object");
    const tree = this.doc.tree;
    let keyNode = -1;
    for (const child of tree.children(this.node)) {
      if (tree.kind[child] === KEY) keyNode = child;
      else if (tree.text(keyNode) === key) return this.member(keyNode, child);
    }
    return undefined;
  }

  /** The items of an array. For long arrays prefer `items()`, which keeps nothing per item. */
  array(): JsonValue[] {
    return [...this.items()];
  }

  /** The items of an array, one at a time. */
  *items(): Generator<JsonValue> {
    this.expect("array", "an array");
    let i = 0;
    for (const child of this.doc.tree.children(this.node)) yield new JsonValue(this.doc, child, this, `[${i++}]`);
  }

  /** How many items an array has (without visiting them as values). */
  get length(): number {
    this.expect("array", "an array");
    return this.doc.tree.childCount(this.node);
  }

  string(): string {
    this.expect("string", "a string");
    return this.doc.tree.text(this.node);
  }

  boolean(): boolean {
    this.expect("boolean", "true or false");
    return this.doc.tree.kind[this.node] === TRUE;
  }

  /** The raw number, if this is a number (for fast paths that check it themselves). */
  get numberValue(): number | undefined {
    return this.doc.tree.kind[this.node] === NUMBER ? this.doc.tree.payload[this.node]! : undefined;
  }

  number(range: NumberRange = {}): number {
    const value = this.numberValue;
    if (value === undefined || !Number.isFinite(value)) {
      this.fail(`expected a number${rangeText(range)}, got ${shown(this)}`);
    }
    this.checkRange(value, "a number", range);
    return value;
  }

  integer(range: NumberRange = {}): number {
    const value = this.numberValue;
    if (value === undefined || !Number.isSafeInteger(value)) {
      this.fail(`expected an integer${rangeText(range)}, got ${shown(this)}`);
    }
    this.checkRange(value, "an integer", range);
    return value;
  }

  private checkRange(value: number, what: string, range: NumberRange): void {
    const low = range.min !== undefined && (range.exclusiveMin ? value <= range.min : value < range.min);
    const high = range.max !== undefined && value > range.max;
    if (low || high) this.fail(`expected ${what}${rangeText(range)}, got ${value}`);
  }

  /** A byte address: a "0x..." hex string or a non-negative integer. */
  address(): number {
    if (this.type === "number") return this.integer({ min: 0, max: MAX_ADDRESS });
    if (this.type !== "string") {
      this.fail(`expected an address ("0x10000000" or a non-negative integer), got ${shown(this)}`);
    }
    const text = this.string();
    if (!/^0[xX][0-9a-fA-F]+$/.test(text)) {
      this.fail(`expected a hex address such as "0x10000000" (with the 0x prefix) or a number, got ${shown(this)}`);
    }
    const value = parseInt(text.slice(2), 16);
    if (value > MAX_ADDRESS) this.fail(`address ${shown(this)} is beyond 2^53, which the simulator cannot represent`);
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

  /**
   * The value as plain JavaScript data (for options passed through to a policy, validated there).
   * Built with a loop, and refused where it nests deeper than `maxDepth`: such data has no use and
   * would only strain whoever walks it next.
   */
  plain(maxDepth = MAX_PLAIN_DEPTH): unknown {
    const tree = this.doc.tree;
    const scalar = (node: number): unknown => {
      switch (tree.kind[node]) {
        case STRING:
          return tree.text(node);
        case NUMBER:
          return tree.payload[node];
        case TRUE:
          return true;
        case FALSE:
          return false;
        default:
          return null;
      }
    };
    const containerOf = (node: number): unknown[] | Record<string, unknown> | undefined =>
      tree.kind[node] === ARRAY ? [] : tree.kind[node] === OBJECT ? {} : undefined;
    const root = containerOf(this.node);
    if (root === undefined) return scalar(this.node);
    // Each open container: its node, its JS value, and the next child slot to visit.
    const open: { node: number; value: unknown[] | Record<string, unknown>; next: number }[] = [
      { node: this.node, value: root, next: this.node + 1 },
    ];
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      if (top.next >= tree.end[top.node]!) {
        open.pop();
        continue;
      }
      let key: string | undefined;
      if (tree.kind[top.next] === KEY) {
        key = tree.text(top.next);
        top.next++;
      }
      const child = top.next;
      top.next = tree.end[child]!;
      const container = containerOf(child);
      const value = container ?? scalar(child);
      if (Array.isArray(top.value)) top.value.push(value);
      // defineProperty: a "__proto__" key becomes an own property, never the object's prototype.
      else Object.defineProperty(top.value, key!, { value, enumerable: true, writable: true, configurable: true });
      if (container !== undefined) {
        if (open.length >= maxDepth) {
          throw this.doc.errorAt(
            tree.offset[child]!,
            `${this.path}: nested more than ${maxDepth} deep; expected flat option values`,
          );
        }
        open.push({ node: child, value: container, next: child + 1 });
      }
    }
    return root;
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
      member.fail(
        `expected one of ${choices.map((c) => `"${c}"`).join(", ")}, got "${text}".${didYouMean(text, choices)}`,
      );
    }
    return text as T;
  }
}

/** Plain data (e.g. generator options written in code) as a located document, so one code path
 * validates both files and programmatic input; errors then point into the pretty-printed JSON. */
export function documentOf(data: unknown, label = "<inline>"): JsonDocument {
  return new JsonDocument(label, JSON.stringify(data, null, 2) ?? "null");
}
