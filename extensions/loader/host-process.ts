/**
 * The simulation's own process: where a supervised run that can abort its host runs, so that the
 * command (or the test) that asked for it observes the abort instead of suffering it.
 *
 * Why a process and not only a worker: V8 ends the whole process, every thread with it, on a
 * fatal error, and a worker's `resourceLimits` does not turn every out-of-memory into a
 * catchable ERR_WORKER_OUT_OF_MEMORY. Node's near-heap-limit callback for a worker gives the
 * heap 16 MiB more and terminates the worker; an allocation that V8 lets through past the limit
 * (its last resort after garbage collection) and that leaves the heap more than those 16 MiB over
 * it is a fatal "Reached heap limit" at the next collection, and an allocation V8 cannot make at
 * all is a fatal "CALL_AND_RETRY_LAST" or "invalid array length". Measured on Node 20 (V8 11.3),
 * docs/PLACEMENTS.md, "Kernel down": one flattened 64 MiB string in a 32 MiB worker aborts the
 * process (exit 134), 20 MiB does not; no worker setting avoids it (nodejs/node#47224, #50761).
 * Only the V8 placements run guest code in V8 (`native` in the simulation worker, `server` in a
 * thread of its own), so only runs that load one come here; QuickJS runs stay in this process.
 *
 * The run inside is the supervised run as it is in this process (supervised-run.ts: the same
 * watchdog, kills and replays, in the child's own threads); this side answers the child's
 * position requests (the source maps are functions and stay here), relays its progress, and
 * turns its death into SimulationAborted with what V8 printed. A child serves one job at a time;
 * a pool (simulation-pool.ts) keeps one between jobs for callers that run many.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";
import { diesWithParent } from "../check/parent-death.js";
import { V8_OUT_OF_MEMORY } from "../v8-fatal.js";
import { visible } from "../visible.js";
import { compiledWorkerScript } from "../worker-script.js";
import { SimulationAborted, SimulationDied, SimulationHeld } from "./errors.js";
import { engineOf } from "./mode-names.js";
import type { ExtensionForWorker, HostTimes, RunSettings, SupervisedResult, WorkerJob } from "./supervised-protocol.js";

/** One job for the simulation's process: a supervised job as data. */
export interface HostJob {
  readonly job: WorkerJob;
  readonly extensions: readonly ExtensionForWorker[];
  readonly options: RunSettings;
  readonly hostModule?: string;
  readonly heapMb?: number;
}

type Position = { line: number; column: number } | undefined;

/** What this process sends to the simulation's process. */
export type HostRequest =
  | { readonly type: "job"; readonly job: HostJob }
  | { readonly type: "position"; readonly seq: number; readonly position: Position };

/** An error of the job inside, as data. */
export interface FailureData {
  readonly name: string;
  readonly message: string;
  readonly nativeExtensions: readonly string[];
  readonly stack?: string;
}

/** What the simulation's process sends back. */
export type HostMessage =
  | {
      readonly type: "map";
      readonly seq: number;
      readonly extension: number;
      readonly line: number;
      readonly column: number;
    }
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "result"; readonly message: SupervisedResult; readonly host: HostTimes }
  | { readonly type: "failed"; readonly error: FailureData };

/** An extension of the job, with its source map, which stays in this process. */
export interface HostExtension extends ExtensionForWorker {
  mapPosition(line: number, column: number): Position;
}

/** How a job in the simulation's process ended; `reusable`: the process may take another job. */
export type HostOutcome =
  | {
      readonly kind: "result";
      readonly message: SupervisedResult;
      readonly host: HostTimes;
      readonly reusable: boolean;
    }
  | { readonly kind: "error"; readonly error: Error; readonly reusable: boolean };

/** How much of the child's standard error is kept: its last lines carry V8's fatal message. */
const STDERR_KEPT = 16_384;

/** Path of the compiled entry of the simulation's process, or undefined if it has not been built. */
export function hostProcessScript(): string | undefined {
  return compiledWorkerScript(import.meta.url, "extensions/loader", "supervised-host.js");
}

/** V8's fatal message in what a process printed (`FATAL ERROR: …`, or a failed CHECK's line), if any. */
export function fatalLine(stderr: string): string | undefined {
  const fatal = /FATAL ERROR: ([^\n]*)/.exec(stderr) ?? /# Fatal error in [^\n]*\n#\s*([^\n]*)/.exec(stderr);
  return fatal?.[1]?.trim();
}

/**
 * The report of a simulation's process that ended without a result: its exit status, what V8
 * printed, and what ran in it (`whatRan`: the extensions in a V8 placement, with it). A process
 * that V8 aborted, or that a signal ended, is the simulation's death (SimulationAborted); one that
 * exited by itself without a result, with no fatal error of V8's, is a bug of ours (an internal
 * error, with its last lines), never passed off as the extension's doing.
 */
export function abortReport(
  exit: { readonly code: number | null; readonly signal: NodeJS.Signals | null },
  stderr: string,
  whatRan: string,
  natives: readonly string[],
): Error {
  const fatal = fatalLine(stderr);
  const said = fatal === undefined ? "" : `: "${visible(fatal, 200)}"`;
  const status = exit.signal ?? `exit code ${exit.code}`;
  const survived = "the simulation ran in a process of its own, which alone died; no report";
  const trusted =
    natives.length > 0 ? " (native placement trusts extensions with the kernel's memory, as SPIN did)" : "";
  if (fatal !== undefined && V8_OUT_OF_MEMORY.test(fatal)) {
    return new SimulationAborted(
      `kernel down: the host process ran out of memory while running ${whatRan}${trusted}: V8 aborted it (${status}${said}), an out-of-memory that no worker's resourceLimits can catch (docs/PLACEMENTS.md, "Kernel down, by design"); ${survived}`,
      natives,
      true,
    );
  }
  if (exit.signal === "SIGKILL") {
    return new SimulationAborted(
      `kernel down: the host process was killed (SIGKILL) while running ${whatRan}, by something outside it (the system's out-of-memory killer, say); ${survived}`,
      natives,
      false,
    );
  }
  if (exit.signal === null && fatal === undefined) {
    const last = stderr.trim().split("\n").slice(-6).join("\n");
    return new Error(
      `internal: the simulation's process ended (${status}) before it reported${last === "" ? "" : `:\n${last}`}`,
    );
  }
  return new SimulationAborted(
    `kernel down: the host process ended (${status}${said}) while running ${whatRan} before it reported; ${survived}`,
    natives,
    false,
  );
}

/** An error of the job inside, rebuilt here: the loader's own classes, anything else as an internal error. */
function rebuild(e: FailureData): Error {
  if (e.name === "SimulationHeld") return new SimulationHeld(e.message, e.nativeExtensions);
  if (e.name === "SimulationDied") return new SimulationDied(e.message, e.nativeExtensions);
  const error = new Error(`in the simulation's process: ${e.message}`);
  if (e.stack !== undefined) error.stack = `${error.message}\n(the simulation's process) ${e.stack}`;
  return error;
}

export class HostProcess {
  private readonly child: ChildProcess;
  private stderr = "";
  private readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private ended = false;
  private busy = false;
  /** What the job running now does if the process ends under it. */
  private onEnd: (() => void) | undefined;

  /** Start a simulation's process (a fresh Node running supervised-host.js). */
  static start(): HostProcess {
    const script = hostProcessScript();
    if (script === undefined) throw new Error("internal: the simulation's process is not built (run npm run build)");
    return new HostProcess(script);
  }

  private constructor(script: string) {
    const [command, ...args] = diesWithParent([process.execPath, script]);
    this.child = spawn(command, args, {
      // Its standard output is nobody's; its standard error is read for V8's fatal message.
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      // Structured clone, as a worker's messages: reports hold what JSON would flatten.
      serialization: "advanced",
    });
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (s: string) => {
      this.stderr = (this.stderr + s).slice(-STDERR_KEPT);
    });
    // Its exit, once its standard error has been read to the end (V8's message is its last
    // lines). Not the child's 'close' event: after this side's disconnect() it never comes
    // (measured on Node 20: 'exit' and the pipe's 'close' do).
    const stderrClosed = new Promise<void>((resolve) => {
      if (this.child.stderr === null) resolve();
      else this.child.stderr.once("close", () => resolve());
    });
    this.closed = new Promise((resolve) => {
      this.child.once("exit", (code: number | null, signal: NodeJS.Signals | null) => {
        this.ended = true;
        void stderrClosed.then(() => resolve({ code, signal }));
      });
      this.child.once("error", () => {
        this.ended = true;
        resolve({ code: null, signal: null });
      });
    });
    void this.closed.then(() => this.onEnd?.());
  }

  /** The process is there and not running a job. */
  get idle(): boolean {
    return !this.ended && !this.busy && this.child.connected;
  }

  /** Run one job; answers its position requests with `extensions`' source maps. */
  async run(
    job: HostJob,
    extensions: readonly HostExtension[],
    hooks: { readonly onProgress?: (done: number, total: number) => void },
  ): Promise<HostOutcome> {
    if (!this.idle) throw new Error("internal: a job for a simulation's process that is not idle");
    this.busy = true;
    this.hold(true);
    const v8Placed = extensions.filter((e) => engineOf(e.mode) !== "quickjs");
    const whatRan = v8Placed.map((e) => `${visible(e.file)} (${e.mode})`).join(", ");
    const natives = extensions.filter((e) => e.mode === "native").map((e) => e.file);
    const send = (m: HostRequest): void => {
      // A child that died meanwhile is reported by its close.
      if (this.child.connected) this.child.send(m, (e) => void e);
    };
    let onMessage: ((m: HostMessage) => void) | undefined;
    const answered = new Promise<HostOutcome | undefined>((resolve) => {
      onMessage = (m: HostMessage): void => {
        if (m.type === "map") {
          send({ type: "position", seq: m.seq, position: extensions[m.extension]?.mapPosition(m.line, m.column) });
        } else if (m.type === "progress") {
          hooks.onProgress?.(m.done, m.total);
        } else if (m.type === "result") {
          resolve({ kind: "result", message: m.message, host: m.host, reusable: true });
        } else {
          const error = rebuild(m.error);
          // A held thread keeps the process from ever ending: it is killed below.
          resolve({
            kind: "error",
            error,
            reusable: error instanceof SimulationDied && !(error instanceof SimulationHeld),
          });
        }
      };
      this.child.on("message", onMessage);
      this.onEnd = () => resolve(undefined);
      if (this.ended) resolve(undefined);
    });
    send({ type: "job", job });
    const outcome = await answered;
    this.child.off("message", onMessage!);
    this.onEnd = undefined;
    this.busy = false;
    if (outcome === undefined) {
      const exit = await this.closed;
      return { kind: "error", error: abortReport(exit, this.stderr, whatRan, natives), reusable: false };
    }
    if (!outcome.reusable) await this.kill();
    return outcome;
  }

  /** Whether the process keeps this one's event loop alive (yes while it runs a job). */
  hold(on: boolean): void {
    const handles: ({ ref(): void; unref(): void } | null | undefined)[] = [
      this.child,
      this.child.channel,
      this.child.stderr as Socket | null,
    ];
    for (const h of handles)
      if (on) h?.ref();
      else h?.unref();
  }

  /**
   * Let it end by itself: it leaves when its channel closes (at once: it has no job). Whether this
   * process waits for that at its own exit is as `hold` left it.
   */
  release(): void {
    if (this.child.connected) this.child.disconnect();
  }

  /** Let it end by itself, and wait until it has (its exit is this process's to see: no orphan). */
  async end(): Promise<void> {
    this.hold(true);
    this.release();
    await this.closed;
  }

  /** End it now (SIGKILL: a process with a held thread ends no other way). */
  async kill(): Promise<void> {
    if (!this.ended) {
      this.hold(true);
      this.child.kill("SIGKILL");
    }
    await this.closed;
  }
}
