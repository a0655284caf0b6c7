/**
 * The per-event record written as JSON Lines (`--events out.jsonl`): one object per event, in
 * raise order, streamed through a small buffer so that a run of any length holds only a
 * transaction's records (kernel/machine/event-record.ts) and 64 KiB of text.
 *
 * What an extension chose (a handler's name, a fault's message, a result) is bounded here: names
 * and messages at EVENT_TEXT_MAX characters, a result at EVENT_RESULT_MAX characters of JSON (a
 * longer one is replaced by its cut JSON text), so that a handler cannot make one line, or the
 * file, as large as it likes; and every string is written with `jsonText`'s escapes (no raw
 * control or bidi character reaches whoever reads the file). Same run, same bytes.
 */
import fs from "node:fs";
import type { HandlerRun } from "../../kernel/dispatcher/dispatcher.js";
import type { EventRecord } from "../../kernel/machine/event-record.js";
import { describeFsError } from "../../workloads/read-input.js";
import { jsonText } from "../../workloads/visible.js";
import { formatPosition } from "../../sandbox/handler.js";

/** The most characters of a handler's name or a fault's message a record keeps. */
export const EVENT_TEXT_MAX = 500;
/** The most characters of a result's JSON a record keeps. */
export const EVENT_RESULT_MAX = 2000;
const BUFFER_CHARS = 64 * 1024;

/** A file the command was asked to write cannot be written (a missing folder, a full disk). */
export class OutputFileError extends Error {
  override readonly name = "OutputFileError";
}

/** `text` cut at `max` characters, saying how many were cut (no escaping: jsonText does that). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(+${text.length - max} chars)`;
}

function boundedResult(value: unknown): unknown {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value);
  return json === undefined || json.length <= EVENT_RESULT_MAX ? value : clip(json, EVENT_RESULT_MAX);
}

function handlerRun(run: HandlerRun): object {
  const handler = clip(run.handler, EVENT_TEXT_MAX);
  if (run.fault === undefined)
    return run.result === undefined ? { handler } : { handler, result: boundedResult(run.result) };
  const f = run.fault;
  const position = formatPosition(f.position);
  return {
    handler,
    fault: {
      kind: f.kind,
      message: clip(f.message, EVENT_TEXT_MAX),
      ...(f.limit === undefined ? {} : { limit: f.limit }),
      ...(position === undefined ? {} : { position: clip(position, EVENT_TEXT_MAX) }),
    },
  };
}

/** One record as one line of JSON (no newline), its keys in a fixed order; `run` names the run in `spin load`. */
export function eventLine(r: EventRecord, run?: string): string {
  const line = {
    ...(run === undefined ? {} : { run }),
    seq: r.seq,
    t: r.t,
    event: r.event,
    app: r.app,
    ...(r.thread === undefined ? {} : { thread: r.thread }),
    ...(r.vpn === undefined ? {} : { vpn: r.vpn }),
    ...(r.major === undefined ? {} : { major: r.major }),
    handlers: r.handlers.map(handlerRun),
    ...(r.decision === undefined ? {} : { decision: boundedResult(r.decision) }),
    ...(r.victim === undefined ? {} : { victim: r.victim }),
    ...(r.disk === undefined ? {} : { disk: r.disk }),
  };
  return jsonText(line, 0);
}

/** A JSON Lines file of event records, written through a buffer; `close` flushes it. */
export class EventFile {
  private fd: number;
  private buffer: string[] = [];
  private size = 0;
  private written = 0;

  /** Opens (creates or truncates, or appends to) `file`; OutputFileError if it cannot. */
  constructor(
    readonly file: string,
    private readonly options: { readonly append?: boolean; readonly run?: string } = {},
  ) {
    try {
      this.fd = fs.openSync(file, options.append ? "a" : "w");
    } catch (error) {
      throw new OutputFileError(`cannot write the event record ${jsonText(file, 0)}: ${describeFsError(error)}`);
    }
  }

  /** Records written so far. */
  get records(): number {
    return this.written;
  }

  readonly write = (record: EventRecord): void => {
    const line = eventLine(record, this.options.run);
    this.buffer.push(line, "\n");
    this.size += line.length + 1;
    this.written++;
    if (this.size >= BUFFER_CHARS) this.flush();
  };

  private flush(): void {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join("");
    this.buffer = [];
    this.size = 0;
    try {
      const bytes = Buffer.from(text, "utf8");
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(this.fd, bytes, at);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      throw new OutputFileError(
        `cannot write the event record ${jsonText(this.file, 0)}: ${e.code === "ENOSPC" ? "no space left on the device" : describeFsError(error)}`,
      );
    }
  }

  close(): void {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
  }
}
