/**
 * Memory-reference trace files, in two formats:
 *
 *   plain   `R|W <hex address> [app]` per line; `#` comments and blank lines allowed.
 *   lackey  what `valgrind --tool=lackey --trace-mem=yes` prints: `I  addr,size`, ` L addr,size`,
 *           ` S addr,size`, ` M addr,size` (modify: a read then a write); `==pid==` lines ignored.
 *
 * Parsing works on the raw bytes with no string or object per line, because traces run to
 * millions of references; the only allocation per reference is a slot in a typed array.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_COSTS, DEFAULT_DISK, DEFAULT_QUANTUM_NS, type AppSpec, type MachineConfig } from "../kernel/config.js";
import { OP_READ, OP_WRITE, OpStreamBuilder, PAGE_SIZE, type OpKind, type OpStream } from "../kernel/workload.js";
import { WorkloadError } from "./errors.js";
import { MAX_ADDRESS } from "./json-value.js";
import {
  DEFAULT_FRAMES,
  DEFAULT_PAGER,
  DEFAULT_SCHEDULER,
  DEFAULT_SEED,
  checkOverrides,
  policyChoice,
  type WorkloadOverrides,
} from "./machine.js";
import { rangesOfPages, writableRegions, type PageRange } from "./pages.js";

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

const TAB = 9, LF = 10, CR = 13, SPACE = 32, HASH = 35, COMMA = 44, EQUALS = 61;
const ZERO = 48, NINE = 57;
const MAX_APP_ID = 2 ** 31 - 1;
const FORMAT_HELP =
  'expected a plain line "R|W <hex address> [app]" or a valgrind lackey line " L|S|M <hex address>,<size>" / "I  <hex address>,<size>"';

function hexDigit(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

class TraceScanner {
  private pos = 0;
  private lineStart = 0;
  private lineEnd = 0;
  private lineNo = 0;
  private readonly builders = new Map<number, OpStreamBuilder>();
  /** Pages reached only by the tail of an access that crosses a page boundary (lackey sizes). */
  private readonly spillPages = new Map<number, number[]>();
  private lastApp = -1;
  private lastBuilder: OpStreamBuilder | undefined;
  references = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
  ) {}

  private fail(at: number, detail: string): never {
    const prefix = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.lineStart, at - this.lineStart);
    throw new WorkloadError(this.file, this.lineNo, prefix.toString("utf8").length + 1, detail);
  }

  /** The token starting at `at`, for quoting in a message. */
  private token(at: number): string {
    let end = at;
    while (end < this.lineEnd && !isBlank(this.bytes[end]!) && this.bytes[end] !== COMMA) end++;
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + at, Math.max(end - at, 0)).toString("utf8");
    return text.length > 30 ? text.slice(0, 27) + "..." : text;
  }

  /** Advance to the next line; false at the end of the input. */
  private nextLine(): boolean {
    if (this.lineEnd >= this.bytes.length && this.lineNo > 0) return false;
    this.lineStart = this.lineNo === 0 ? 0 : this.lineEnd + 1;
    if (this.lineStart > this.bytes.length) return false;
    const lf = this.bytes.indexOf(LF, this.lineStart);
    this.lineEnd = lf < 0 ? this.bytes.length : lf;
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
    if (this.pos === digitsStart) this.fail(start, `bad ${what} "${this.token(start)}": expected hex digits (0-9, a-f), with or without 0x`);
    if (value > MAX_ADDRESS) this.fail(start, `${what} ${this.token(start)} is beyond 2^53, which the simulator cannot represent`);
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
    if (this.pos === start) this.fail(start, `bad ${what} "${this.token(start)}": expected a non-negative decimal integer`);
    if (value > max) this.fail(start, `${what} ${this.token(start)} is too large (at most ${max})`);
    return value;
  }

  /** After a token: a blank, a comment or the end of the line must follow. */
  private expectSeparator(tokenStart: number, what: string): void {
    if (this.pos < this.lineEnd && !isBlank(this.bytes[this.pos]!) && this.bytes[this.pos] !== HASH) {
      this.fail(tokenStart, `bad ${what} "${this.token(tokenStart)}": unexpected "${String.fromCharCode(this.bytes[this.pos]!)}"`);
    }
  }

  private expectEndOfLine(detail: string): void {
    this.skipBlanks();
    if (!this.atEndOfLine()) this.fail(this.pos, `unexpected "${this.token(this.pos)}": ${detail}`);
  }

  private emit(app: number, kind: OpKind, address: number): void {
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
    let list = this.spillPages.get(app);
    if (list === undefined) this.spillPages.set(app, (list = []));
    for (let vpn = first + 1; vpn <= last; vpn++) list.push(vpn);
  }

  /** The format of the first access line; "plain" for a trace with none. */
  detect(): TraceFormat {
    const saved = { pos: this.pos, lineStart: this.lineStart, lineEnd: this.lineEnd, lineNo: this.lineNo };
    let format: TraceFormat = "plain";
    while (this.nextLine()) {
      if (this.bytes[this.pos] === EQUALS && this.bytes[this.pos + 1] === EQUALS) continue;
      this.skipBlanks();
      if (this.atEndOfLine()) continue;
      const c = this.bytes[this.pos]! ;
      if (c === 82 || c === 87 || c === 114 || c === 119) format = "plain"; // R W r w
      else if (c === 73 || c === 76 || c === 83 || c === 77) format = "lackey"; // I L S M
      else this.fail(this.pos, `cannot tell the trace format from "${this.token(this.pos)}": ${FORMAT_HELP}`);
      break;
    }
    Object.assign(this, saved);
    return format;
  }

  scanPlain(): void {
    while (this.nextLine()) {
      this.skipBlanks();
      if (this.atEndOfLine()) continue;
      const kindAt = this.pos;
      const c = this.bytes[this.pos]! | 0x20;
      if ((c !== 114 && c !== 119) || (this.pos + 1 < this.lineEnd && !isBlank(this.bytes[this.pos + 1]!))) {
        this.fail(kindAt, `expected R or W at the start of the line, got "${this.token(kindAt)}" (plain format: "R|W <hex address> [app]")`);
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
  }

  scanLackey(skipInstructions: boolean): void {
    while (this.nextLine()) {
      if (this.bytes[this.pos] === EQUALS && this.bytes[this.pos + 1] === EQUALS) continue;
      this.skipBlanks();
      if (this.atEndOfLine()) continue;
      const kindAt = this.pos;
      const c = this.bytes[this.pos]!;
      if ((c !== 73 && c !== 76 && c !== 83 && c !== 77) || (this.pos + 1 < this.lineEnd && !isBlank(this.bytes[this.pos + 1]!))) {
        this.fail(kindAt, `expected I, L, S or M, got "${this.token(kindAt)}" (${FORMAT_HELP}; run valgrind with --log-file so program output does not mix in)`);
      }
      this.pos++;
      this.skipBlanks();
      const address = this.readHex("address");
      if (this.bytes[this.pos] !== COMMA || this.pos >= this.lineEnd) {
        this.fail(this.pos, `expected ",<size>" after the address (lackey lines read "${String.fromCharCode(c)} <hex address>,<size>")`);
      }
      this.pos++;
      const size = Math.max(1, this.readDecimal("access size", PAGE_SIZE * 16));
      this.expectEndOfLine("expected the end of the line after <address>,<size>");
      if (c === 73 && skipInstructions) continue;
      if (c === 77) {
        this.emit(0, OP_READ, address);
        this.emit(0, OP_WRITE, address);
      } else {
        this.emit(0, c === 83 ? OP_WRITE : OP_READ, address);
      }
      this.spill(0, address, size);
    }
  }

  result(format: TraceFormat): ParsedTrace {
    const apps = new Map<number, TraceApp>();
    for (const app of [...this.builders.keys()].sort((a, b) => a - b)) {
      const ops = this.builders.get(app)!.finish();
      const spill = this.spillPages.get(app) ?? [];
      const vpns = new Float64Array(ops.length + spill.length);
      for (let i = 0; i < ops.length; i++) vpns[i] = Math.floor(ops.values[i]! / PAGE_SIZE);
      vpns.set(spill, ops.length);
      apps.set(app, { app, ops, pages: rangesOfPages(vpns) });
    }
    return { file: this.file, format, references: this.references, apps };
  }
}

/** Parse trace text or bytes; `file` is only used in error messages. */
export function parseTrace(input: string | Uint8Array, file = "<trace>", options: TraceOptions = {}): ParsedTrace {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  const scanner = new TraceScanner(bytes, file);
  const requested = options.format ?? "auto";
  if (!(TRACE_FORMATS as readonly string[]).includes(requested)) {
    throw new WorkloadError(file, 0, 0, `unknown trace format "${requested}" (known: ${TRACE_FORMATS.join(", ")})`);
  }
  const format = requested === "auto" ? scanner.detect() : requested;
  if (format === "plain") scanner.scanPlain();
  else scanner.scanLackey(options.skipInstructions ?? false);
  return scanner.result(format);
}

export function readTrace(file: string, options: TraceOptions = {}): ParsedTrace {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String((error as Error).message);
    throw new WorkloadError(file, 0, 0, `cannot read the trace file: ${reason}`);
  }
  return parseTrace(bytes, file, options);
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
    pager: policyChoice(options.pager ?? DEFAULT_PAGER),
    scheduler: policyChoice(options.scheduler ?? DEFAULT_SCHEDULER),
    regions: writableRegions(app.pages),
    threads: [{ name: "t0", priority: 0, ops: app.ops }],
  }));
  return {
    name: path.basename(trace.file, path.extname(trace.file)),
    seed: options.seed ?? DEFAULT_SEED,
    frames: options.frames ?? DEFAULT_FRAMES,
    quantumNs: options.quantumNs ?? DEFAULT_QUANTUM_NS,
    disk: DEFAULT_DISK,
    costs: DEFAULT_COSTS,
    apps,
  };
}

export function traceToConfig(file: string, options: TraceConfigOptions = {}): MachineConfig {
  checkOverrides(options);
  return traceConfig(readTrace(file, options), options);
}
