/**
 * The kinds of file a user gives us, each with its limit, and the error a file that cannot be
 * used gives. No file access here (read-input.ts reads): the playground, which reads no files,
 * uses these as they are.
 */
import { MAX_EXTENSION_BYTES, MAX_SCENARIO_BYTES, MAX_TRACE_BYTES } from "./limits.js";
import { visible } from "./visible.js";

export interface InputKind {
  /** What the file is, in messages: "scenario", "trace", "extension". */
  readonly what: string;
  readonly maxBytes: number;
  /** What to do with a file over the limit. */
  readonly whenTooLarge: string;
}

/** The kinds of file a user gives us, each with its limit (workloads/limits.ts) and advice. */
export const SCENARIO_INPUT: InputKind = {
  what: "scenario",
  maxBytes: MAX_SCENARIO_BYTES,
  whenTooLarge: 'put long reference strings in a trace file ({"type": "trace"}) instead of a "sequence"',
};
export const TRACE_INPUT: InputKind = {
  what: "trace",
  maxBytes: MAX_TRACE_BYTES,
  whenTooLarge: "cut it (head -n) or sample it: a run takes at most 20,000,000 references anyway",
};
export const EXTENSION_INPUT: InputKind = {
  what: "extension",
  maxBytes: MAX_EXTENSION_BYTES,
  whenTooLarge: "an extension is a few handlers; keep data out of it",
};

/** A file that cannot be used as input. `reason` is a phrase such as "it is a directory". */
export class InputFileError extends Error {
  override readonly name = "InputFileError";
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`cannot read ${visible(file)}: ${reason}`);
  }
}
