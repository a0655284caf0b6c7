/**
 * Type checking with a time limit (against type-level bombs). The check
 * runs in a persistent worker thread (so its lib cache stays warm); if a
 * check exceeds the limit the worker is terminated, the next call starts a
 * fresh one, and the result is a diagnostic "type check exceeded N ms".
 * The limit counts the worker thread's CPU time (thread-cpu.ts), so that a
 * loaded machine does not refuse a check for the time it made it wait; where
 * the OS does not report it, and in any case past WALL_FACTOR times the limit
 * in wall time, the wall clock decides.
 *
 * Needs the compiled worker (dist/extensions/check/worker.js, from
 * `npm run build`); running from TypeScript sources it looks there.
 */
import { Worker } from "node:worker_threads";
import { compiledWorkerScript } from "../worker-script.js";
import { TYPECHECK_TIMEOUT } from "./limits.js";
import { type Diagnostic, VerifierInternalError } from "../diagnostics.js";
import type { TypeCheckOptions } from "./index.js";
import type { ModeSpec } from "../loader/mode-names.js";
import type { PreparedData } from "../loader/prepare-data.js";
import type { WorkerHello, WorkerRequest, WorkerTypeChecked } from "./worker.js";
import { threadCpuMs } from "./thread-cpu.js";

/** Past this many times its limit in wall time a check is refused, whatever its CPU time says. */
const WALL_FACTOR = 10;

/** Each worker's thread id, from its first message (WorkerHello). */
const workerTids = new WeakMap<Worker, number>();

/** What a `prepare` request gives: the prepared extension, or why it was refused. */
export type PrepareOutcome =
  | { readonly prepared: PreparedData }
  | { readonly rejected: { readonly diagnostics: readonly Diagnostic[]; readonly statsLine: string | undefined } };

type Answer = { diagnostics: Diagnostic[] } | PrepareOutcome;

type WorkerReply = ({ id: number; ok: true } & Answer) | { id: number; ok: false; error: string };

/** Path of the compiled worker script, or undefined if it has not been built. */
export function typeCheckWorkerScript(): string | undefined {
  return compiledWorkerScript(import.meta.url, "extensions/check", "worker.js");
}

/** Heap limit of the type-check worker. */
export const WORKER_HEAP_MB = 1024;

let worker: Worker | undefined;
let nextId = 1;
let queue: Promise<unknown> = Promise.resolve();

/**
 * How many workers have been started. A new one (after a limit or stopTypeCheckWorker ended the
 * last) starts cold, so a warm-up remembered for an earlier one does not hold for it.
 */
let workerGeneration = 0;
/** The running worker's number (1 for the first), or undefined when none runs: the next check starts one. */
export function typeCheckWorkerGeneration(): number | undefined {
  return worker === undefined ? undefined : workerGeneration;
}

function getWorker(): Worker {
  if (worker !== undefined) return worker;
  const script = typeCheckWorkerScript();
  if (script === undefined) throw new VerifierInternalError("type-check worker not built (run npm run build)");
  // A type-level bomb can allocate gigabytes before the time limit: without its own heap limit a
  // worker that runs out of memory takes the whole process down with it (found by the type-bomb
  // exercise in sfi mode). With one, only the worker dies and the check is refused.
  worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  workerGeneration++;
  const started = worker;
  started.on("message", (m: unknown) => {
    const tid = (m as (Partial<WorkerHello> & { id?: unknown }) | null)?.tid;
    if ((m as { id?: unknown }).id === undefined && typeof tid === "number") workerTids.set(started, tid);
  });
  worker.unref();
  const w = worker;
  w.on("exit", () => {
    if (worker === w) worker = undefined;
  });
  return w;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Type checks that did not finish within their limit, by what decides the check (the source, the
 * API it is checked against, the limit): the same refusal, given again without running the check
 * again. Only a limit that fired during the type check itself is remembered: that part is the
 * same in every placement (a type-level bomb refused once for `typed` is refused at once for
 * `sfi`, `native` and `server`, where `spin exercise run --mode all` used to spend the limit four
 * times); a limit that fired later, in a placement's own checks or compilation, is not.
 */
const refusedChecks = new Map<string, string>();
/** At most this many are remembered (each costs its source's length); the oldest goes first. */
const REFUSED_CHECKS_KEPT = 32;

function refusalKey(request: DistributiveOmit<WorkerRequest, "id">, timeoutMs: number): string | undefined {
  if (request.source === undefined) return undefined;
  // Not the request's kind or placement: what is remembered is the type check they share.
  return JSON.stringify([request.apiDeclarationFile, request.file, timeoutMs, request.source]);
}

/**
 * The refusal a check of `source` at `timeoutMs` got before in this process, if it was refused in
 * its type check: asked before warming a worker that the check would not use.
 */
export function earlierRefusal(
  file: string,
  source: string,
  opts: TypeCheckOptions,
  timeoutMs: number,
): Diagnostic[] | undefined {
  const key = refusalKey({ kind: "type-check", file, source, apiDeclarationFile: opts.apiDeclarationFile }, timeoutMs);
  const message = key === undefined ? undefined : refusedChecks.get(key);
  return message === undefined ? undefined : [limitDiagnostic(file, message)];
}

function rememberRefusal(key: string, message: string): void {
  refusedChecks.set(key, message);
  if (refusedChecks.size > REFUSED_CHECKS_KEPT) refusedChecks.delete(refusedChecks.keys().next().value as string);
}

function limitDiagnostic(file: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, source: "typescript", code: TYPECHECK_TIMEOUT, message };
}

/** The answer to `request` (its id is filled in here), or one `typecheck-timeout` diagnostic. */
function runOnce(request: DistributiveOmit<WorkerRequest, "id">, timeoutMs: number): Promise<Answer> {
  const file = request.file;
  const key = refusalKey(request, timeoutMs);
  const refused = key === undefined ? undefined : refusedChecks.get(key);
  if (refused !== undefined) return Promise.resolve({ diagnostics: [limitDiagnostic(file, refused)] });
  return new Promise<Answer>((resolve, reject) => {
    const w = getWorker();
    const id = nextId++;
    let typeChecked = false;
    /** The check is refused at its limit; remembered if the limit fired in the type check. */
    const refuse = (message: string): void => {
      if (key !== undefined && !typeChecked) rememberRefusal(key, message);
      resolve({ diagnostics: [limitDiagnostic(file, message)] });
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      w.off("message", onMessage);
      w.off("error", onError);
    };
    const onMessage = (m: WorkerReply | WorkerTypeChecked): void => {
      if ("typeChecked" in m) {
        if (m.typeChecked === id) typeChecked = true;
        return;
      }
      if (m.id !== id) return;
      cleanup();
      if (m.ok) resolve(m);
      else reject(new VerifierInternalError(`type check crashed: ${m.error}`));
    };
    const onError = (e: Error): void => {
      cleanup();
      worker = undefined;
      if ((e as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY") {
        refuse(`type check exceeded its memory limit (${WORKER_HEAP_MB} MiB)`);
        return;
      }
      reject(new VerifierInternalError(`type-check worker failed: ${e.message}`, { cause: e }));
    };
    // The worker's CPU time so far (0 for a worker that has not said its thread yet: a fresh one,
    // whose start-up is part of the check, as it is in wall time).
    const tidAtStart = workerTids.get(w);
    const cpuAtStart = (tidAtStart === undefined ? undefined : threadCpuMs(tidAtStart)) ?? 0;
    const startedAt = Date.now();
    const expire = (): void => {
      const tid = workerTids.get(w);
      const cpu = tid === undefined ? undefined : threadCpuMs(tid);
      const used = cpu === undefined ? undefined : cpu - cpuAtStart;
      if (used !== undefined && used < timeoutMs && Date.now() - startedAt < timeoutMs * WALL_FACTOR) {
        // Waiting, not working: look again when the rest of the limit could have been used.
        timer = setTimeout(expire, Math.max(20, timeoutMs - used));
        return;
      }
      cleanup();
      if (worker === w) worker = undefined;
      void w.terminate();
      refuse(`type check exceeded ${timeoutMs} ms`);
    };
    let timer = setTimeout(expire, timeoutMs);
    w.on("message", onMessage);
    w.on("error", onError);
    const req: WorkerRequest = { ...request, id };
    w.postMessage(req);
  });
}

/** Like typeCheckExtension, but in a worker thread and bounded by `timeoutMs` (requests are serialised). */
export function typeCheckWithTimeout(
  file: string,
  source: string | undefined,
  opts: TypeCheckOptions,
  timeoutMs: number,
): Promise<Diagnostic[]> {
  return serialised({ kind: "type-check", file, source, apiDeclarationFile: opts.apiDeclarationFile }, timeoutMs).then(
    (answer) => ("diagnostics" in answer ? answer.diagnostics : []),
  );
}

/**
 * An execution mode's whole check and compilation (`modeFromSpec(mode).prepare`) in the worker,
 * bounded by `timeoutMs`: the prepared extension as data, or why it was refused (a check that did
 * not finish: one `typecheck-timeout` diagnostic).
 */
export function prepareWithTimeout(
  file: string,
  source: string,
  mode: ModeSpec,
  opts: TypeCheckOptions,
  timeoutMs: number,
): Promise<PrepareOutcome> {
  return serialised(
    { kind: "prepare", file, source, mode, apiDeclarationFile: opts.apiDeclarationFile },
    timeoutMs,
  ).then((answer) =>
    "diagnostics" in answer ? { rejected: { diagnostics: answer.diagnostics, statsLine: undefined } } : answer,
  );
}

function serialised(request: DistributiveOmit<WorkerRequest, "id">, timeoutMs: number): Promise<Answer> {
  const run = queue.then(() => runOnce(request, timeoutMs));
  queue = run.catch(() => undefined);
  return run;
}

/** Stop the worker (e.g. at shutdown or in tests). */
export async function stopTypeCheckWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w !== undefined) await w.terminate();
}
