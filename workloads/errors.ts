import { closestName } from "../kernel/did-you-mean.js";
import { visible } from "./visible.js";

/**
 * The one error type for a user's mistake in a workload input (scenario file, trace file or
 * generator options). It always knows where the mistake is, so the CLI can print
 * `file:line:col: what is wrong` and never a stack trace. The file name and the detail may quote
 * the input: both are made visible (control characters escaped) here, once for every message.
 */
export class WorkloadError extends Error {
  override readonly name = "WorkloadError";

  /** What is wrong and what to do, without the location prefix. */
  readonly detail: string;

  constructor(
    readonly file: string,
    /** 1-based; 0 when the problem is the file as a whole (e.g. it cannot be read). */
    readonly line: number,
    /** 1-based; 0 when the problem is the file as a whole. */
    readonly column: number,
    detail: string,
  ) {
    // Not cut: a message is ours, and the path and detail are read whole.
    const safeFile = visible(file, Infinity);
    const safeDetail = visible(detail, Infinity);
    super(line > 0 ? `${safeFile}:${line}:${column}: ${safeDetail}` : `${safeFile}: ${safeDetail}`);
    this.detail = safeDetail;
  }
}

/** Scenario- and trace-specific names for the same error, for readers who look for them. */
export { WorkloadError as ScenarioError, WorkloadError as TraceError };

export { closestName };

/** ` Did you mean "x"?` or nothing: appended to an "unknown name" message. */
export function didYouMean(input: string, known: readonly string[]): string {
  const guess = closestName(input, known);
  return guess === undefined ? "" : ` Did you mean "${guess}"?`;
}
