/**
 * The loader's two refusals. Both are the user's mistakes, never a bug: the CLI prints them
 * without a stack.
 *
 * - `ExtensionInputError`: the request itself is wrong (a file that cannot be read, an
 *   application that does not exist, limits out of bounds). `spin` exits 2.
 * - `ExtensionLoadError`: the extension was read and checked but cannot be loaded (its module
 *   throws while evaluated, it names an unknown event, the authorizer refuses a guard). Carries
 *   problems located in the TypeScript source where possible. `spin` exits 3, like a rejection
 *   by the type check or the verifier.
 */
import type { FaultKind } from "../../kernel/dispatcher/handler.js";
import { codeFrame } from "../code-frame.js";
import { visible } from "../visible.js";

export class ExtensionInputError extends Error {
  override readonly name = "ExtensionInputError";
}

export interface LoadProblem {
  readonly file: string;
  /** 1-based; 0 when the problem has no position. */
  readonly line: number;
  readonly column: number;
  /** e.g. `load/unknown-event`, `load/unauthorized`, `load/exception`. */
  readonly code: string;
  readonly message: string;
  readonly frame?: string;
  /** The sandbox fault of a module that failed while it was evaluated (`code` is then `load/<fault>`). */
  readonly fault?: FaultKind;
}

export function formatLoadProblem(p: LoadProblem): string {
  const file = visible(p.file);
  const where = p.line > 0 ? `${file}:${p.line}:${p.column}` : file;
  const head = `${where} ${visible(p.code)}: ${visible(p.message, 1000)}`;
  return p.frame === undefined ? head : `${head}\n${p.frame}`;
}

export class ExtensionLoadError extends Error {
  override readonly name = "ExtensionLoadError";
  constructor(readonly problems: readonly LoadProblem[]) {
    super(`extension could not be loaded\n${problems.map(formatLoadProblem).join("\n\n")}`);
  }
}

/** A problem at a TypeScript position, with a code frame when the source is at hand. */
export function problemAt(
  file: string,
  source: string | undefined,
  position: { line: number; column: number } | undefined,
  code: string,
  message: string,
): LoadProblem {
  if (position === undefined) return { file, line: 0, column: 0, code, message };
  const frame = source === undefined ? undefined : codeFrame(source, position.line, position.column);
  return {
    file,
    line: position.line,
    column: position.column,
    code,
    message,
    ...(frame === undefined ? {} : { frame }),
  };
}

/** The same problems with their code frames, for problems found where the source was not at hand. */
export function withFrames(problems: readonly LoadProblem[], source: string): LoadProblem[] {
  return problems.map((p) => {
    if (p.frame !== undefined || p.line <= 0) return p;
    const frame = codeFrame(source, p.line, p.column);
    return frame === undefined ? p : { ...p, frame };
  });
}

/**
 * The simulation itself died (its heap limit): no report. Not a bug of ours and not the user's
 * input. (Thrown by the supervised run; here so that the command line knows it without loading it.)
 */
export class SimulationDied extends Error {
  override readonly name: string = "SimulationDied";
  constructor(
    message: string,
    /** Native extensions were loaded: they share the kernel's heap, so its death may be theirs (by design). */
    readonly nativeExtensions: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * The simulation worker did not stop when terminated (sandbox/held-threads.ts): held inside a
 * builtin V8 cannot interrupt. No report, and the process cannot end normally (its exit waits
 * for the thread): the command line ends it hard.
 */
export class SimulationHeld extends SimulationDied {
  override readonly name = "SimulationHeld";
}

/**
 * The process the simulation ran in ended without a report: V8 aborted it (a fatal error, most
 * often out of memory: one allocation far past a worker's heap limit aborts the whole process, not
 * only the worker: docs/PLACEMENTS.md), or a signal killed it. Runs that can abort their process
 * (a V8 placement loaded) run in a process of their own (host-process.ts), so this is what the
 * command, or the test that ran them, sees instead of its own death.
 */
export class SimulationAborted extends SimulationDied {
  override readonly name = "SimulationAborted";
  constructor(
    message: string,
    nativeExtensions: readonly string[],
    /** The fatal error V8 printed was an out-of-memory one ("JavaScript heap out of memory"). */
    readonly outOfMemory: boolean,
  ) {
    super(message, nativeExtensions);
  }
}
