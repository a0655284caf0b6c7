/**
 * Messages between the page and its two workers (web/workers/). Everything crossing is plain data
 * (structured clone); the page validates nothing it did not send, but escapes everything it shows.
 */
import type { Diagnostic } from "../../extensions/diagnostics.js";
import type { ExtensionReport } from "../../extensions/loader/account.js";
import type { LoadProblem } from "../../extensions/loader/errors.js";
import type { ModeName } from "../../extensions/loader/mode-names.js";
import type { RunReport } from "../../kernel/machine/report.js";

/** The execution modes' names, from their registry (extensions/loader/modes.ts). */
export type { ModeName };

// ---- the check worker ---------------------------------------------------------------------

export interface CheckRequest {
  readonly id: number;
  /** The name diagnostics show, e.g. `pager.ts`. */
  readonly file: string;
  readonly source: string;
  readonly mode: ModeName;
  /** Also return the JavaScript the mode runs (`spin check --emit`; with mode sfi, the rewritten code). */
  readonly emit: boolean;
}

export interface CheckReply {
  readonly id: number;
  /** Errors refuse the extension; warnings (sfi mode's type errors and enforced rules) do not. */
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  readonly statsLine: string;
  /** The SFI rewrite, when asked for and the extension was not refused. */
  readonly emitted?: string;
  /** Host time of the check in the worker (ms). */
  readonly ms: number;
  /** A bug of ours (never the extension's fault). */
  readonly internalError?: string;
}

// ---- the run worker -----------------------------------------------------------------------

export interface SourceFile {
  readonly file: string;
  readonly text: string;
}

export interface WorkloadInput {
  readonly kind: "scenario" | "trace";
  /** Name in messages: the example's path, or `pasted.json` / `pasted.trace`. */
  readonly file: string;
  readonly text: string;
}

export interface ExtensionInput extends SourceFile {
  readonly app?: string;
}

export interface RunRequest {
  readonly kind: "run" | "sweep";
  readonly extensions: readonly ExtensionInput[];
  readonly workload: WorkloadInput;
  readonly mode: ModeName;
  readonly frames?: number;
  /** With kind sweep: the frame counts to run. */
  readonly sweepFrames?: readonly number[];
  /** The exercise this run is, when it is one: the verdict is computed against its expectation. */
  readonly exercise?: {
    readonly name: string;
    readonly expected: string;
    readonly checks: readonly string[];
    readonly limits?: Readonly<Record<string, number>>;
  };
}

export type RunPhase = "checking" | "loading" | "running" | "baseline" | "sweeping";

export interface ProgressMessage {
  readonly type: "progress";
  readonly phase: RunPhase;
  readonly done: number;
  readonly total: number;
}

/** Faults over simulated time: cumulative page faults at the end of each window. */
export interface FaultSeries {
  readonly windowNs: number;
  readonly cumulative: readonly number[];
}

/** One kept `kernel.log` line of an extension (extensions/loader/account.ts's LogLine, with the extension's name). */
export interface LogLine {
  readonly extension: string;
  /** Simulated time it was written (ns). */
  readonly atNs: number;
  /** The event whose handler wrote it; null while the module was evaluated. */
  readonly event: string | null;
  /** `file.ts:line:col` in the extension's source, when the stack said. */
  readonly position?: string;
  readonly text: string;
}

export interface Verdict {
  readonly label: string;
  readonly stop: string;
  readonly expected: string;
  readonly asExpected: boolean;
  readonly note?: string;
}

export interface RunResultMessage {
  readonly type: "result";
  readonly withExtensions: RunReport;
  readonly extensions: readonly ExtensionReport[];
  readonly baseline: RunReport;
  readonly logs: readonly LogLine[];
  readonly series: { readonly withExtensions: FaultSeries; readonly baseline: FaultSeries };
  readonly verdict?: Verdict;
  /** Host time of the run with extensions (load + run) and of the baseline, in ms. */
  readonly ms: { readonly extensions: number; readonly baseline: number };
}

export interface SweepPoint {
  readonly frames: number;
  readonly builtin: number;
  readonly extension: number;
}

export interface SweepResultMessage {
  readonly type: "sweep";
  readonly scenario: string;
  readonly builtin: string;
  readonly extension: string;
  readonly points: readonly SweepPoint[];
}

/** Refused at load time: type check, verifier, SFI rewrite, or the loader (with positions). */
export interface RejectedMessage {
  readonly type: "rejected";
  readonly diagnostics: readonly Diagnostic[];
  readonly problems: readonly LoadProblem[];
  readonly verdict?: Verdict;
}

/** Bad input: the scenario or trace does not parse, an application does not exist. */
export interface InputErrorMessage {
  readonly type: "input-error";
  readonly message: string;
}

export interface InternalErrorMessage {
  readonly type: "internal-error";
  readonly message: string;
}

export type RunMessage =
  | ProgressMessage
  | RunResultMessage
  | SweepResultMessage
  | RejectedMessage
  | InputErrorMessage
  | InternalErrorMessage;
