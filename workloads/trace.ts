/**
 * Memory-reference trace files, in two formats:
 *
 *   plain   `R|W <hex address> [app]` per line; `#` comments and blank lines allowed.
 *   lackey  what `valgrind --tool=lackey --trace-mem=yes` prints: `I  addr,size`, ` L addr,size`,
 *           ` S addr,size`, ` M addr,size` (modify: a read then a write); `==pid==` lines ignored.
 *
 * Parsing works on the raw bytes with no string or object per line, because traces run to
 * millions of references; the only allocation per reference is a slot in a typed array. A trace
 * file is read in chunks of whole lines, so its size costs time, not memory: what is kept is the
 * references (at most MAX_OPS of them) and the pages they touch.
 */
import path from "node:path";
import { DEFAULT_COSTS, DEFAULT_DISK, DEFAULT_QUANTUM_NS, type AppSpec, type MachineConfig } from "../kernel/config.js";
import { OP_READ, OP_WRITE, OpStreamBuilder, PAGE_SIZE, type OpKind, type OpStream } from "../kernel/workload.js";
import { WorkloadError } from "./errors.js";
import { MAX_ADDRESS, MAX_OPS, MAX_TRACE_BYTES, MAX_TRACE_LINE_BYTES, bytesText } from "./limits.js";
import {
  DEFAULT_FRAMES,
  DEFAULT_PAGER,
  DEFAULT_SCHEDULER,
  DEFAULT_SEED,
  checkOverrides,
  policyChoice,
  withOverrides,
  type WorkloadOverrides,
} from "./machine.js";
import { mergeRanges, rangesOfPages, unionOfIntervals, writableRegions, type PageRange } from "./pages.js";
import { InputFileError, TRACE_INPUT, closeInput, openInput, readChunk } from "./read-input.js";

/**
 * Bytes to text as Buffer's toString("utf8") does (a bad sequence becomes U+FFFD, a byte-order
 * mark is kept), without Node's Buffer, so that parseTrace also runs in a page (the playground).
 */
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

export type TraceFormat = "plain" | "lackey";
export const TRACE_FORMATS = ["auto", "plain", "lackey"] as const;

export interface TraceOptions {
  /** Default "auto": decided by the first access line. */
  readonly format?: TraceFormat | "auto";
  /** Lackey only: drop instruction fetches (`I` lines), keeping data accesses. */
  readonly skipInstructions?: boolean;
}

export interface TraceApp {
  readonly app: number;
  readonly ops: OpStream;
  /** Every page an access touches (an access spanning a page boundary touches both). */
  readonly pages: readonly PageRange[];
}

export interface ParsedTrace {
  readonly file: string;
  readonly format: TraceFormat;
  /** Reads and writes in total, over all applications. */
  readonly references: number;
  /** By application id, in increasing id order. */
  readonly apps: ReadonlyMap<number, TraceApp>;
}

const TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  HASH = 35,
  COMMA = 44,
  EQUALS = 61;
const ZERO = 48,
  NINE = 57;
const MAX_APP_ID = 2 ** 31 - 1;
const MAX_ACCESS_SIZE = PAGE_SIZE * 16;
const FORMAT_HELP =
  'expected a plain line "R|W <hex address> [app]" or a valgrind lackey line " L|S|M <hex address>,<size>" / "I  <hex address>,<size>"';
/** Bytes read from a trace file at a time (plus room for a line cut at the end of the previous read). */
const CHUNK_BYTES = 1 << 20;

function hexDigit(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/** Spans of pages (start, end exclusive), growing as accesses that cross a page boundary arrive. */
class Intervals {
  starts = new Float64Array(16);
  ends = new Float64Array(16);
  length = 0;
  push(start: number, end: number): void {
    if (this.length > 0 && this.starts[this.length - 1] === start && this.ends[this.length - 1] === end) return;
    if (this.length === this.starts.length) {
      const starts = new Float64Array(this.length * 2);
      starts.set(this.starts);
      this.starts = starts;
      const ends = new Float64Array(this.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }
}

/**
 * Scans a trace one window of whole lines at a time (`scan`); line numbers carry over between
 * windows. The format is decided by the first access line unless it was given.
 */
class TraceScanner {
  private bytes: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private lineStart = 0;
  private lineEnd = -1;
  private lineNo = 0;
  private format: TraceFormat | undefined;
  private readonly builders = new Map<number, OpStreamBuilder>();
  /** Pages reached only by the tail of an access that crosses a page boundary (lackey sizes). */
  private readonly spillPages = new Map<number, Intervals>();
  private lastApp = -1;
  private lastBuilder: OpStreamBuilder | undefined;
  references = 0;

  constructor(
    private readonly file: string,
    requested: TraceFormat | "auto",
    private readonly skipInstructions: boolean,
  ) {
    this.format = requested === "auto" ? undefined : requested;
  }

  private fail(at: number, detail: string): never {
    const prefix = utf8.decode(this.bytes.subarray(this.lineStart, at));
    throw new WorkloadError(this.file, this.lineNo, prefix.length + 1, detail);
  }

  /** Refuse a line longer than MAX_TRACE_LINE_BYTES (it is the next line: `lineNo + 1`). */
  lineTooLong(): never {
    throw new WorkloadError(
      this.file,
      this.lineNo + 1,
      1,
      `this line is longer than ${bytesText(MAX_TRACE_LINE_BYTES)}; a trace line is "R|W <hex address> [app]" or a lackey line (is this a trace file?)`,
    );
  }

  /** The token starting at `at`, for quoting in a message. */
  private token(at: number): string {
    let end = at;
    while (end < this.lineEnd && !isBlank(this.bytes[end]!) && this.bytes[end] !== COMMA) end++;
    const text = utf8.decode(this.bytes.subarray(at, Math.max(end, at)));
    return text.length > 30 ? text.slice(0, 27) + "..." : text;
  }

  /** Advance to the next line of the window; false at its end. */
  private nextLine(): boolean {
    this.lineStart = this.lineEnd + 1;
    if (this.lineStart >= this.bytes.length) return false;
    const lf = this.bytes.indexOf(LF, this.lineStart);
    this.lineEnd = lf < 0 ? this.bytes.length : lf;
    // The same limit whether or not the line happens to straddle two chunks of the file.
    if (this.lineEnd - this.lineStart > MAX_TRACE_LINE_BYTES) this.lineTooLong();
    this.lineNo++;
    this.pos = this.lineStart;
    return true;
  }

  private skipBlanks(): void {
    while (this.pos < this.lineEnd && isBlank(this.bytes[this.pos]!)) this.pos++;
  }

  private atEndOfLine(): boolean {
    return this.pos >= this.lineEnd || this.bytes[this.pos] === HASH;
  }

  private readHex(what: string): number {
    const start = this.pos;
    if (this.atEndOfLine()) this.fail(start, `missing ${what}`);
    if (this.bytes[this.pos] === ZERO && (this.bytes[this.pos + 1]! | 0x20) === 120) this.pos += 2;
    const digitsStart = this.pos;
    let value = 0;
    while (this.pos < this.lineEnd) {
      const d = hexDigit(this.bytes[this.pos]!);
      if (d < 0) break;
      value = value * 16 + d;
      this.pos++;
    }
    if (this.pos === digitsStart)
      this.fail(start, `bad ${what} "${this.token(start)}": expected hex digits (0-9, a-f), with or without 0x`);
    if (value > MAX_ADDRESS)
      this.fail(start, `${what} ${this.token(start)} is beyond 2^53, which the simulator cannot represent`);
    return value;
  }

  private readDecimal(what: string, max: number): number {
    const start = this.pos;
    let value = 0;
    while (this.pos < this.lineEnd) {
      const c = this.bytes[this.pos]!;
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
      this.pos++;
    }
    if (this.pos === start)
      this.fail(start, `bad ${what} "${this.token(start)}": expected a non-negative decimal integer`);
    if (value > max) this.fail(start, `${what} ${this.token(start)} is too large (at most ${max})`);
    return value;
  }

  /** After a token: a blank, a comment or the end of the line must follow. */
  private expectSeparator(tokenStart: number, what: string): void {
    if (this.pos < this.lineEnd && !isBlank(this.bytes[this.pos]!) && this.bytes[this.pos] !== HASH) {
      this.fail(
        tokenStart,
        `bad ${what} "${this.token(tokenStart)}": unexpected "${String.fromCharCode(this.bytes[this.pos]!)}"`,
      );
    }
  }

  private expectEndOfLine(detail: string): void {
    this.skipBlanks();
    if (!this.atEndOfLine()) this.fail(this.pos, `unexpected "${this.token(this.pos)}": ${detail}`);
  }

  private emit(app: number, kind: OpKind, address: number): void {
    if (this.references >= MAX_OPS) {
      this.fail(
        this.lineStart,
        `the trace has more than ${MAX_OPS.toLocaleString("en-US")} references, the limit of one run; cut it (head -n) or sample it`,
      );
    }
    if (app !== this.lastApp) {
      let builder = this.builders.get(app);
      if (builder === undefined) this.builders.set(app, (builder = new OpStreamBuilder()));
      this.lastApp = app;
      this.lastBuilder = builder;
    }
    this.lastBuilder!.push(kind, address);
    this.references++;
  }

  private spill(app: number, address: number, size: number): void {
    const first = Math.floor(address / PAGE_SIZE);
    const last = Math.floor((address + size - 1) / PAGE_SIZE);
    if (last === first) return;
    let spans = this.spillPages.get(app);
    if (spans === undefined) this.spillPages.set(app, (spans = new Intervals()));
    spans.push(first + 1, last + 1);
  }

  /** Scan every line of `window` (whole lines; the last one may lack its newline at the end of input). */
  scan(window: Uint8Array): void {
    this.bytes = window;
    this.lineEnd = -1;
    // A UTF-8 byte-order mark before the first line is not part of it.
    if (this.lineNo === 0 && window[0] === 0xef && window[1] === 0xbb && window[2] === 0xbf) this.lineEnd = 2;
    while (this.nextLine()) {
      if (this.bytes[this.pos] === EQUALS && this.bytes[this.pos + 1] === EQUALS && this.format !== "plain") continue; // lackey's ==pid== lines
      this.skipBlanks();
      if (this.atEndOfLine()) continue;
      if (this.format === undefined) this.format = this.detect();
      if (this.format === "plain") this.plainLine();
      else this.lackeyLine();
    }
  }

  /** The format of the first access line (the cursor is on its first character). */
  private detect(): TraceFormat {
    const c = this.bytes[this.pos]!;
    if (c === 82 || c === 87 || c === 114 || c === 119) return "plain"; // R W r w
    if (c === 73 || c === 76 || c === 83 || c === 77) return "lackey"; // I L S M
    this.fail(this.pos, `cannot tell the trace format from "${this.token(this.pos)}": ${FORMAT_HELP}`);
  }

  private plainLine(): void {
    const kindAt = this.pos;
    const c = this.bytes[this.pos]! | 0x20;
    if ((c !== 114 && c !== 119) || (this.pos + 1 < this.lineEnd && !isBlank(this.bytes[this.pos + 1]!))) {
      this.fail(
        kindAt,
        `expected R or W at the start of the line, got "${this.token(kindAt)}" (plain format: "R|W <hex address> [app]")`,
      );
    }
    const kind = c === 114 ? OP_READ : OP_WRITE;
    this.pos++;
    this.skipBlanks();
    if (this.atEndOfLine()) this.fail(this.pos, `missing address after "${String.fromCharCode(this.bytes[kindAt]!)}"`);
    const addressAt = this.pos;
    const address = this.readHex("address");
    this.expectSeparator(addressAt, "address");
    this.skipBlanks();
    let app = 0;
    if (!this.atEndOfLine()) {
      const appAt = this.pos;
      app = this.readDecimal("application id", MAX_APP_ID);
      this.expectSeparator(appAt, "application id");
    }
    this.expectEndOfLine('expected the end of the line after "R|W <hex address> [app]"');
    this.emit(app, kind, address);
  }

  private lackeyLine(): void {
    const kindAt = this.pos;
    const c = this.bytes[this.pos]!;
    if (
      (c !== 73 && c !== 76 && c !== 83 && c !== 77) ||
      (this.pos + 1 < this.lineEnd && !isBlank(this.bytes[this.pos + 1]!))
    ) {
      this.fail(
        kindAt,
        `expected I, L, S or M, got "${this.token(kindAt)}" (${FORMAT_HELP}; run valgrind with --log-file so program output does not mix in)`,
      );
    }
    this.pos++;
    this.skipBlanks();
    const address = this.readHex("address");
    if (this.bytes[this.pos] !== COMMA || this.pos >= this.lineEnd) {
      this.fail(
        this.pos,
        `expected ",<size>" after the address (lackey lines read "${String.fromCharCode(c)} <hex address>,<size>")`,
      );
    }
    this.pos++;
    const size = Math.max(1, this.readDecimal("access size", MAX_ACCESS_SIZE));
    this.expectEndOfLine("expected the end of the line after <address>,<size>");
    if (c === 73 && this.skipInstructions) return;
    if (c === 77) {
      this.emit(0, OP_READ, address);
      this.emit(0, OP_WRITE, address);
    } else {
      this.emit(0, c === 83 ? OP_WRITE : OP_READ, address);
    }
    this.spill(0, address, size);
  }

  result(): ParsedTrace {
    const apps = new Map<number, TraceApp>();
    for (const app of [...this.builders.keys()].sort((a, b) => a - b)) {
      const ops = this.builders.get(app)!.finish();
      const vpns = new Float64Array(ops.length);
      for (let i = 0; i < ops.length; i++) vpns[i] = Math.floor(ops.values[i]! / PAGE_SIZE);
      const touched = rangesOfPages(vpns);
      const spill = this.spillPages.get(app);
      const pages =
        spill === undefined
          ? touched
          : mergeRanges([
              ...touched,
              ...unionOfIntervals(spill.starts.subarray(0, spill.length), spill.ends.subarray(0, spill.length)),
            ]);
      apps.set(app, { app, ops, pages });
    }
    // A trace with no access line at all: "plain" is as good as any (it has nothing to run).
    return { file: this.file, format: this.format ?? "plain", references: this.references, apps };
  }
}

function checkFormat(file: string, options: TraceOptions): TraceFormat | "auto" {
  const requested = options.format ?? "auto";
  if (!(TRACE_FORMATS as readonly string[]).includes(requested)) {
    throw new WorkloadError(file, 0, 0, `unknown trace format "${requested}" (known: ${TRACE_FORMATS.join(", ")})`);
  }
  return requested;
}

/** Parse trace text or bytes; `file` is only used in error messages. */
export function parseTrace(input: string | Uint8Array, file = "<trace>", options: TraceOptions = {}): ParsedTrace {
  const scanner = new TraceScanner(file, checkFormat(file, options), options.skipInstructions ?? false);
  scanner.scan(typeof input === "string" ? new TextEncoder().encode(input) : input);
  return scanner.result();
}

/**
 * Read and parse a trace file in chunks of whole lines. Throws InputFileError when the file cannot
 * be read (not a regular file, too large, missing...), WorkloadError for a bad line.
 */
export function scanTraceFile(file: string, options: TraceOptions = {}): ParsedTrace {
  const scanner = new TraceScanner(file, checkFormat(file, options), options.skipInstructions ?? false);
  const { fd } = openInput(file, TRACE_INPUT);
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES + MAX_TRACE_LINE_BYTES);
    let carried = 0; // bytes of an unfinished line kept at the start of the buffer
    let total = 0;
    for (;;) {
      const n = readChunk(file, fd, buffer, carried, CHUNK_BYTES);
      total += n;
      if (total > MAX_TRACE_BYTES)
        throw new InputFileError(
          file,
          `it is more than the ${bytesText(MAX_TRACE_BYTES)} a trace file may be; ${TRACE_INPUT.whenTooLarge}`,
        );
      const filled = carried + n;
      if (n === 0) {
        if (filled > 0) scanner.scan(buffer.subarray(0, filled));
        break;
      }
      const lastNewline = buffer.lastIndexOf(LF, filled - 1);
      const complete = lastNewline < 0 ? 0 : lastNewline + 1;
      if (complete > 0) scanner.scan(buffer.subarray(0, complete));
      carried = filled - complete;
      if (carried > MAX_TRACE_LINE_BYTES) scanner.lineTooLong();
      buffer.copy(buffer, 0, complete, filled);
    }
  } finally {
    closeInput(fd);
  }
  return scanner.result();
}

/** A trace file, with a file that cannot be read reported as a WorkloadError naming it. */
export function readTrace(file: string, options: TraceOptions = {}): ParsedTrace {
  try {
    return scanTraceFile(file, options);
  } catch (error) {
    if (error instanceof InputFileError)
      throw new WorkloadError(file, 0, 0, `cannot read the trace file: ${error.reason}`);
    throw error;
  }
}

export interface TraceConfigOptions extends TraceOptions, WorkloadOverrides {
  readonly quantumNs?: number;
}

/** One application per application id in the trace (`app<id>`, one thread `t0`), with regions
 * covering exactly the touched pages, so every access in the trace is legal. */
export function traceConfig(trace: ParsedTrace, options: TraceConfigOptions = {}): MachineConfig {
  checkOverrides(options);
  if (trace.apps.size === 0) {
    throw new WorkloadError(trace.file, 0, 0, "the trace has no memory accesses; nothing to simulate");
  }
  const apps: AppSpec[] = [...trace.apps.values()].map((app) => ({
    name: `app${app.app}`,
    priority: "low",
    pager: policyChoice(DEFAULT_PAGER),
    scheduler: policyChoice(DEFAULT_SCHEDULER),
    regions: writableRegions(app.pages),
    threads: [{ name: "t0", priority: 0, ops: app.ops }],
  }));
  const config: MachineConfig = {
    name: path.basename(trace.file, path.extname(trace.file)),
    seed: options.seed ?? DEFAULT_SEED,
    frames: DEFAULT_FRAMES,
    quantumNs: options.quantumNs ?? DEFAULT_QUANTUM_NS,
    disk: DEFAULT_DISK,
    costs: DEFAULT_COSTS,
    apps,
  };
  return withOverrides(config, { frames: options.frames, pager: options.pager, scheduler: options.scheduler });
}

export function traceToConfig(file: string, options: TraceConfigOptions = {}): MachineConfig {
  checkOverrides(options);
  return traceConfig(readTrace(file, options), options);
}
