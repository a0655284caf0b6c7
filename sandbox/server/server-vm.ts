/**
 * ServerVM: a `server` extension as the kernel's thread sees it (the microkernel model: an
 * external pager behind IPC). The extension runs in a worker thread of its own
 * (server-worker.ts): its own V8 isolate, its heap bounded by `resourceLimits`, its realm
 * hardened by SES, its code in a Compartment with the same fuel as `native`. Each crossing is
 * one synchronous round trip: the request goes on a MessagePort, the turn is handed over in a
 * shared word (`Atomics.notify`), and this thread blocks in `Atomics.wait`, in slices, checking
 * between them whether the server's thread is still there and the call's deadline. A server
 * that died (its heap limit: resourceLimits) is noticed within a slice, and the call is a
 * `memory` fault ("server <name> died: heap exhausted"). A server that has not answered by its
 * deadline, whatever it is doing (a loop, a long C builtin), is killed: the call is a timeout
 * fault. Either way the server is dead, so the watchdog unloads the extension, as a
 * microkernel's default pager takes over from an external pager that stopped answering.
 *
 * No wait on a server is unbounded: a call that has no deadline on the clock (one replayed by
 * the supervised run, whose answers are the recorded ones) still ends after `timeoutMs` +
 * SERVER_REPLY_GRACE_MS of host time; and a server the kernel is done with is told to stop in
 * the shared word before it is terminated, because a termination can be lost (protocol.ts,
 * SERVER_STOP).
 *
 * Everything the server sends back is read as untrusted (protocol.ts, readReply); results then
 * go to the dispatcher's schema check and the kernel's validators like any handler's.
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { WallClock, type CallClock, type DeadlineKind, type EventDeadline } from "../call-clock.js";
import {
  FAULT_KINDS,
  OutOfMemory,
  SandboxFault,
  VmDead,
  fail,
  ok,
  stoppedByWallClock,
  type FaultKind,
  type Result,
} from "../errors.js";
import type { LogEntry } from "../host-functions.js";
import { deadlineFault } from "../meter.js";
import type { SandboxLimits } from "../limits.js";
import { frozenCopy, type NativeOptions } from "../native/native-vm.js";
import { terminateWatched } from "../held-threads.js";
import { useLinearRegExpFallback } from "../native/linear-regexp.js";
import type {
  BatchInvocation,
  ExtensionManifest,
  ExtensionVM,
  HandlerCall,
  InvokeOptions,
  SandboxStats,
  VmState,
} from "../vm.js";
import {
  SERVER_IDLE,
  SERVER_REPLY,
  SERVER_REQUEST,
  SERVER_STOP,
  readFault,
  readLogLines,
  readReply,
  type FaultData,
  type ServerBoot,
  type ServerRequest,
  type ServerWorkerData,
} from "./protocol.js";
import { workerExecArgv } from "../worker-exec-argv.js";

/** What a native VM is made from (the same fuelled code, seed and clocks), less the host functions a server cannot call, plus its thread. */
export interface ServerOptions extends Omit<NativeOptions, "hostFunctions"> {
  /** The compiled server-worker.js. */
  readonly script: string;
  /**
   * How the server's thread is terminated; default `worker.terminate()`. A test passes one that
   * loses the termination, as V8 sometimes does (protocol.ts, SERVER_STOP), to show that the
   * server ends without it.
   */
  readonly terminate?: (worker: Worker) => void;
}

/**
 * The server's heap beyond the extension's own limit (`limits.memoryBytes`): its runtime, SES
 * and the hardened realm.
 */
export const SERVER_RUNTIME_HEAP_MB = 16;
/** How often a waiting kernel checks the call's deadline (ms). */
export const SERVER_WAIT_SLICE_MS = 2;
/** Time a server may take to start (its isolate, SES, lockdown) beyond its module's timeout (ms). */
export const SERVER_START_MS = 10_000;
/**
 * Host time a call may wait for its reply beyond its timeout, whatever the clock answers (ms):
 * the bound of a replayed call (heartbeat.ts: its answers are the recorded ones, none from the
 * wall clock), which got its reply in the attempt it replays and gets it again unless its server
 * hangs. A live call's deadline comes first.
 */
export const SERVER_REPLY_GRACE_MS = 1_000;

/**
 * The server threads of this thread that have not exited yet: a simulation worker that goes back
 * to a pool (extensions/loader/simulation-pool.ts) must have none left, and Node lists no worker
 * thread among a thread's active resources.
 */
const liveServerThreads = new Set<Worker>();

/**
 * Wait until every server thread started here has exited, at most `withinMs`; how many are still
 * running then (0: none left). A server the kernel is done with was told to stop and terminated
 * (dispose), so it ends within milliseconds unless it is held inside a builtin.
 */
export async function serverThreadsLeft(withinMs: number): Promise<number> {
  const running = (): Worker[] => {
    // A worker that has exited has no thread id (-1); its 'exit' listeners may have been removed.
    for (const w of liveServerThreads) if (w.threadId === -1) liveServerThreads.delete(w);
    return [...liveServerThreads];
  };
  const left = running();
  if (left.length === 0) return 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, withinMs);
  });
  // Each listener is taken off again, so a thread that outlives the wait does not keep one per
  // pooled job that asked.
  const listeners: [Worker, () => void][] = [];
  const exits = left.map(
    (w) =>
      new Promise<void>((resolve) => {
        const onExit = (): void => resolve();
        listeners.push([w, onExit]);
        w.once("exit", onExit);
      }),
  );
  await Promise.race([Promise.all(exits), late]);
  clearTimeout(timer);
  for (const [w, onExit] of listeners) w.off("exit", onExit);
  return running().length;
}

/**
 * Whether a server's thread has stopped (it died, or was terminated), read while this thread is
 * blocked and its event loop cannot deliver the worker's 'exit' event. Node answers it from the
 * worker's native state, which the server cannot write: a stopped worker's event loop idle time
 * reads -1 (node_worker.cc, Worker::LoopIdleTime; the ELU of a live worker is never negative).
 * Tested in test/sandbox/placements.test.ts against a server that dies of its heap limit.
 */
export function serverThreadStopped(worker: Worker): boolean {
  return worker.performance.eventLoopUtilization().idle < 0;
}

/** The server's heap limit (resourceLimits), as its death is reported. */
function heapLimitText(limits: SandboxLimits): string {
  return `${Math.ceil(limits.memoryBytes / 2 ** 20)} MiB + ${SERVER_RUNTIME_HEAP_MB} MiB of runtime`;
}

/** A fault that came back from a server as data. */
class ServerFault extends SandboxFault {
  constructor(
    readonly kind: FaultKind,
    message: string,
    position?: FaultData["position"],
    limit?: string,
  ) {
    super(message, position, limit);
  }
}

function toFault(f: FaultData): SandboxFault {
  return new ServerFault(f.kind, f.message, f.position, f.limit);
}

export class ServerVM implements ExtensionVM {
  private _state: VmState = "alive";
  private deathCause: string | undefined;
  private readonly logEntries: LogEntry[] = [];
  private readonly _stats: SandboxStats = {
    invocations: 0,
    handlerCalls: 0,
    instructions: 0,
    hostCalls: 0,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    logDropped: 0,
    killedCalls: 0,
  };
  /** Host time of this server's calls so far, on its clock (ms): what `runTimeMs` bounds. */
  private hostMs = 0;
  /** Each call's fuel in the last call of several handlers, as the server told it (ExtensionVM.lastCallFuel). */
  private _lastCallFuel: readonly number[] | undefined;
  /** Host time of the last call (ms), on its clock (ExtensionVM.lastCallMs). */
  private _lastCallMs = 0;
  private heapUsed: number | undefined;
  private readonly callClock: CallClock;

  private constructor(
    private readonly name: string,
    private readonly terminate: (worker: Worker) => void,
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly turn: Int32Array,
    readonly limits: SandboxLimits,
    private readonly clock: () => number,
    readonly manifest: ExtensionManifest,
    callClock: CallClock | undefined,
    /** Fuel units of one handler's invocation (what a call the clock stopped is accounted). */
    private readonly fuel: number,
  ) {
    this.callClock = callClock ?? new WallClock();
    // A server that dies between calls is seen by the next call (serverThreadStopped), or here,
    // when the kernel's thread gets to read the event.
    worker.on("error", (e: Error & { code?: string }) => {
      if (this._state === "alive")
        this.kill(e.code === "ERR_WORKER_OUT_OF_MEMORY" ? this.heapDeath() : `server ${name} died: ${e.message}`);
    });
  }

  /** Start the server and evaluate the module there; its faults are returned. */
  static async create(options: ServerOptions): Promise<Result<ServerVM, SandboxFault>> {
    const control = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const data: ServerWorkerData & { port: MessagePort } = {
      source: options.source,
      filename: options.filename,
      limits: options.limits,
      fuel: options.fuel,
      seed: options.seed,
      control,
      port: port2,
    };
    useLinearRegExpFallback();
    const worker = new Worker(options.script, {
      workerData: data,
      execArgv: workerExecArgv(),
      transferList: [port2],
      resourceLimits: {
        maxOldGenerationSizeMb: Math.ceil(options.limits.memoryBytes / 2 ** 20) + SERVER_RUNTIME_HEAP_MB,
        maxYoungGenerationSizeMb: 4,
        stackSizeMb: 4,
      },
      stdout: true,
      stderr: true,
    });
    worker.unref();
    liveServerThreads.add(worker);
    const boot = await new Promise<ServerBoot | { type: "died"; message: string }>((resolve) => {
      const timer = setTimeout(
        () =>
          resolve({
            type: "died",
            message: `the server did not start within ${SERVER_START_MS + options.limits.timeoutMs} ms`,
          }),
        SERVER_START_MS + options.limits.timeoutMs,
      );
      timer.unref();
      const done = (v: ServerBoot | { type: "died"; message: string }) => {
        clearTimeout(timer);
        worker.removeAllListeners();
        resolve(v);
      };
      worker.once("message", (m: unknown) =>
        done(readBoot(m, options.limits.maxLogEntries, options.limits.maxLogChars)),
      );
      worker.once("error", (e: Error & { code?: string }) =>
        done({
          type: "died",
          message:
            e.code === "ERR_WORKER_OUT_OF_MEMORY"
              ? `the server reached its heap limit (${Math.ceil(options.limits.memoryBytes / 2 ** 20)} MiB + ${SERVER_RUNTIME_HEAP_MB} MiB of runtime) while evaluating the module`
              : `the server died while evaluating the module: ${e.message}`,
        }),
      );
      worker.once("exit", (code) => done({ type: "died", message: `the server exited (code ${code}) while starting` }));
    });
    if (boot.type !== "booted") {
      // A server that did not start in time may still get to its loop: it stops there.
      Atomics.store(new Int32Array(control), 0, SERVER_STOP);
      port1.close();
      void worker.terminate();
      const fault = boot.type === "died" ? toFault({ kind: "dead", message: boot.message }) : toFault(boot.fault);
      return fail(fault);
    }
    const vm = new ServerVM(
      boot.manifest.name ?? options.filename.replace(/\.(m|c)?js$/, ""),
      options.terminate ?? ((w) => terminateWatched(w, "the worker of a server extension")),
      worker,
      port1,
      new Int32Array(control),
      options.limits,
      options.clock,
      boot.manifest,
      options.callClock,
      options.fuel,
    );
    vm._stats.instructions = boot.instructions;
    // The server's lines come back with their positions: their time and event are the call's.
    for (const { text, frames } of boot.logs.slice(0, options.limits.maxLogEntries))
      vm.logEntries.push({ invocation: 0, text, atNs: options.clock(), event: null, frames });
    return ok(vm);
  }

  get state(): VmState {
    return this._state;
  }
  get cause(): string | undefined {
    return this.deathCause;
  }
  get logs(): readonly LogEntry[] {
    return this.logEntries;
  }
  get stats(): Readonly<SandboxStats> {
    return { ...this._stats, faults: { ...this._stats.faults } };
  }
  get lastCallFuel(): readonly number[] | undefined {
    return this._lastCallFuel;
  }
  get lastCallMs(): number {
    return this._lastCallMs;
  }
  get instructionCount(): number {
    return this._stats.instructions;
  }

  memoryUsage(): number | undefined {
    return this.heapUsed;
  }

  invokeMany(calls: readonly HandlerCall[], options: InvokeOptions = {}): Result<BatchInvocation, SandboxFault> {
    if (this._state !== "alive") {
      this._stats.faults.dead++;
      return fail(new VmDead(`extension is ${this._state}${this.deathCause ? `: ${this.deathCause}` : ""}`));
    }
    const n = Math.max(1, calls.length);
    this._stats.invocations++;
    this._stats.handlerCalls += calls.length;
    this._lastCallFuel = undefined;
    const before = this._stats.instructions;
    const r = this.roundTrip(calls, this.limits.timeoutMs * n, options.eventDeadline);
    if (!r.ok && stoppedByWallClock(r.error)) {
      // Stopped by the clock, here (no reply in time) or in the server: accounted its whole fuel,
      // as native does (a count up to the clock is not repeatable).
      this._stats.instructions = before + this.fuel * n;
      this._lastCallFuel = calls.length > 1 ? calls.map(() => this.fuel) : undefined;
    }
    if (!r.ok) this._stats.faults[r.error.kind]++;
    else for (const res of r.value.results) if (!res.ok) this._stats.faults[res.error.kind]++;
    return r;
  }

  private roundTrip(
    calls: readonly HandlerCall[],
    timeoutMs: number,
    eventDeadline: EventDeadline | undefined,
  ): Result<BatchInvocation, SandboxFault> {
    const startedAt = this.callClock.now();
    const runLeftMs = this.limits.runTimeMs - this.hostMs;
    const call = this.callClock.begin(
      eventDeadline ? { timeoutMs, event: eventDeadline, runLeftMs, startedAt } : { timeoutMs, runLeftMs, startedAt },
    );
    try {
      if (call.killed !== undefined) {
        // An earlier attempt of this supervised run had to kill this call: as the live run
        // would have, the server is killed with it.
        this._stats.killedCalls++;
        this.kill("killed at its deadline");
        return fail(this.timeoutFault(call.killed, timeoutMs, eventDeadline));
      }
      // Its event's time, or its host time for the run, is already up: it does not start.
      const early = call.expired(startedAt);
      if (early !== undefined) return fail(this.timeoutFault(early, timeoutMs, eventDeadline));
      const request: ServerRequest = {
        calls: calls.map((c) => ({ event: c.event, index: c.index, args: frozenCopy(c.args ?? null) })),
        now: this.clock(),
      };
      const postedAt = performance.now();
      this.port.postMessage(request);
      Atomics.store(this.turn, 0, SERVER_REQUEST);
      Atomics.notify(this.turn, 0);
      while (Atomics.wait(this.turn, 0, SERVER_REQUEST, SERVER_WAIT_SLICE_MS) !== "not-equal") {
        if (Atomics.load(this.turn, 0) === SERVER_REPLY) break;
        // Without a reply and its thread gone: it died of its heap limit (the server catches
        // everything else it could die of, server-worker.ts).
        if (serverThreadStopped(this.worker)) {
          const cause = this.heapDeath();
          this.kill(cause);
          return fail(new OutOfMemory(cause, undefined, heapLimitText(this.limits)));
        }
        const late = call.expired();
        if (late !== undefined) {
          const fault = this.timeoutFault(late, timeoutMs, eventDeadline);
          this.kill(`killed: no reply in time (${fault.message})`);
          return fail(fault);
        }
        if (performance.now() - postedAt > timeoutMs + SERVER_REPLY_GRACE_MS) {
          const fault = this.timeoutFault("invocation", timeoutMs, eventDeadline);
          this.kill(`killed: no reply within ${timeoutMs} ms + ${SERVER_REPLY_GRACE_MS} ms of grace`);
          return fail(fault);
        }
      }
      const m = receiveMessageOnPort(this.port);
      Atomics.store(this.turn, 0, SERVER_IDLE);
      const reply = readReply(m?.message, calls.length, this.limits.maxLogEntries, this.limits.maxLogChars);
      if (typeof reply === "string") {
        this.kill(reply);
        return fail(new VmDead(reply));
      }
      for (const { text, frames, fromJob } of reply.logs) {
        if (this.logEntries.length < this.limits.maxLogEntries)
          this.logEntries.push({
            invocation: this._stats.invocations,
            text,
            atNs: request.now,
            event: calls[0]?.event ?? null,
            frames,
            ...(fromJob === true ? { fromJob } : {}),
          });
      }
      this._stats.logDropped = reply.logDropped;
      this._stats.hostCalls += reply.hostCalls;
      this.heapUsed = reply.heapUsed;
      const o = reply.outcome;
      this._lastCallFuel = calls.length > 1 ? reply.callFuel : undefined;
      this._stats.instructions += o.instructions;
      if (!o.ok) return fail(toFault(o.fault));
      return ok({
        results: o.results.map((x) => (x.ok ? ok(x.value) : fail(toFault(x.fault)))),
        instructions: o.instructions,
      });
    } finally {
      const at = this.callClock.end(call);
      const ms = (typeof at === "number" ? at : this.callClock.now()) - startedAt;
      this.hostMs += ms;
      this._lastCallMs = ms;
    }
  }

  private timeoutFault(kind: DeadlineKind, timeoutMs: number, eventDeadline: EventDeadline | undefined): SandboxFault {
    return deadlineFault(kind, this.limits, timeoutMs, eventDeadline?.limitMs);
  }

  private heapDeath(): string {
    return `server ${this.name} died: heap exhausted (its limit: ${heapLimitText(this.limits)}, resourceLimits)`;
  }

  private kill(cause: string): void {
    if (this._state === "alive") this._state = "dead";
    this.deathCause ??= cause;
    // Told first, terminated then: a server between two waits may miss the termination, never
    // the word (protocol.ts, SERVER_STOP); one running the extension's code is stopped by the
    // termination.
    Atomics.store(this.turn, 0, SERVER_STOP);
    Atomics.notify(this.turn, 0);
    this.port.close();
    this.terminate(this.worker);
  }

  dispose(): void {
    if (this._state === "disposed") return;
    this.kill("disposed");
    this._state = "disposed";
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

function readBoot(m: unknown, maxLines: number, maxChars: number): ServerBoot {
  const b = m as Record<string, unknown> | null;
  if (typeof b === "object" && b !== null && b.type === "booted") {
    const manifest = readManifest(b.manifest);
    if (manifest === undefined)
      return { type: "boot-failed", fault: { kind: "dead", message: "the server sent a malformed manifest" } };
    return {
      type: "booted",
      manifest,
      instructions: typeof b.instructions === "number" && Number.isSafeInteger(b.instructions) ? b.instructions : 0,
      logs: readLogLines(b.logs, maxLines, maxChars),
    };
  }
  if (typeof b === "object" && b !== null && b.type === "boot-failed")
    return { type: "boot-failed", fault: readFault(b.fault) };
  return { type: "boot-failed", fault: { kind: "dead", message: "the server sent a malformed boot message" } };
}

/** A manifest as the server sent it: names as strings, options and guards as data (installManifest checks them). */
function readManifest(v: unknown): ExtensionManifest | undefined {
  const m = v as { name?: unknown; events?: unknown } | null;
  if (typeof m !== "object" || m === null || typeof m.events !== "object" || m.events === null) return undefined;
  const events: Record<string, { name: string; options: unknown; guard: unknown }[]> = {};
  for (const [event, list] of Object.entries(m.events as Record<string, unknown>)) {
    if (!Array.isArray(list)) return undefined;
    events[event] = list.map((e: { name?: unknown; options?: unknown; guard?: unknown } | null) => ({
      name: typeof e?.name === "string" ? e.name : `${event}#?`,
      options: e?.options ?? null,
      guard: e?.guard ?? null,
    }));
  }
  return { name: typeof m.name === "string" ? m.name : null, events } as ExtensionManifest;
}
