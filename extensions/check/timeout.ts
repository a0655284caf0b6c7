/**
 * Type checking with a time limit (against type-level bombs). The check runs in a persistent
 * check server (check-server.ts: a process started from the check's startup snapshot, or a worker
 * thread where there is none), so its library cache stays warm; if a check exceeds the limit the
 * server is killed, the next call starts a fresh one, and the result is a diagnostic "type check
 * exceeded N ms". The limit counts the server's CPU time (thread-cpu.ts), so that a loaded machine
 * does not refuse a check for the time it made it wait; where the OS does not report it, and in
 * any case past WALL_FACTOR times the limit in wall time, the wall clock decides.
 *
 * Needs the compiled worker (dist/extensions/check/worker.js, from `npm run build`) and, for the
 * snapshot, the bundle beside it (check-snapshot.cjs); running from TypeScript sources it looks
 * there.
 */
import fs from "node:fs";
import { compiledWorkerScript } from "../worker-script.js";
import { TYPECHECK_TIMEOUT } from "./limits.js";
import { type Diagnostic, VerifierInternalError } from "../diagnostics.js";
import type { TypeCheckOptions } from "./index.js";
import type { ModeSpec } from "../loader/mode-names.js";
import type { CheckAnswer, CheckReply, CheckRequest, CheckTypeChecked, PrepareOutcome } from "./serve.js";
import { type CheckServer, type ServerFailure, checkSnapshot, snapshotServer, workerServer } from "./check-server.js";

export type { PrepareOutcome };

/** Past this many times its limit in wall time a check is refused, whatever its CPU time says. */
const WALL_FACTOR = 10;

type Answer = CheckAnswer;

/** Path of the compiled worker script, or undefined if it has not been built. */
export function typeCheckWorkerScript(): string | undefined {
  return compiledWorkerScript(import.meta.url, "extensions/check", "worker.js");
}

/** Heap limit of the check server (process or worker). */
export const WORKER_HEAP_MB = 1024;

let server: CheckServer | undefined;
let nextId = 1;
let queue: Promise<unknown> = Promise.resolve();
/** Snapshots Node refused to start from (damaged, or made by another Node under their name): not made or tried again here. */
const refusedSnapshots = new Set<string>();

/**
 * How many servers have been started. A new one (after a limit or stopTypeCheckWorker ended the
 * last) starts cold, so a warm-up remembered for an earlier one does not hold for it.
 */
let workerGeneration = 0;
/** The running server's number (1 for the first), or undefined when none runs: the next check starts one. */
export function typeCheckWorkerGeneration(): number | undefined {
  return server === undefined || server.ended ? undefined : workerGeneration;
}

/** What the running check server was started from, if one runs (tests). */
export function typeCheckServerKind(): CheckServer["kind"] | undefined {
  return server === undefined || server.ended ? undefined : server.kind;
}

async function getServer(apiDeclarationFile: string): Promise<CheckServer> {
  if (server !== undefined && !server.ended) return server;
  const script = typeCheckWorkerScript();
  if (script === undefined) throw new VerifierInternalError("type-check worker not built (run npm run build)");
  const blob = await checkSnapshot(WORKER_HEAP_MB, apiDeclarationFile, refusedSnapshots);
  server = blob !== undefined ? snapshotServer(blob, WORKER_HEAP_MB) : workerServer(script, WORKER_HEAP_MB);
  workerGeneration++;
  const started = server;
  if (started.kind === "snapshot" && blob !== undefined) {
    // A process that ends before it says who it is did not start from the blob: remove it, so the
    // next check makes it again, and use the worker in this process.
    started.onFailure(() => {
      if (started.ready) return;
      refusedSnapshots.add(blob.file);
      fs.rmSync(blob.file, { force: true });
    });
  }
  return started;
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

function refusalKey(request: DistributiveOmit<CheckRequest, "id">, timeoutMs: number): string | undefined {
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
function runOnce(request: DistributiveOmit<CheckRequest, "id">, timeoutMs: number): Promise<Answer> {
  const file = request.file;
  const key = refusalKey(request, timeoutMs);
  const refused = key === undefined ? undefined : refusedChecks.get(key);
  if (refused !== undefined) return Promise.resolve({ diagnostics: [limitDiagnostic(file, refused)] });
  return getServer(request.apiDeclarationFile).then((w) => ask(w, request, timeoutMs, key));
}

/** Send `request` to `w` and wait for its answer, killing `w` past the limit. */
function ask(
  w: CheckServer,
  request: DistributiveOmit<CheckRequest, "id">,
  timeoutMs: number,
  key: string | undefined,
): Promise<Answer> {
  const file = request.file;
  return new Promise<Answer>((resolve, reject) => {
    const id = nextId++;
    let typeChecked = false;
    /** The check is refused at its limit; remembered if the limit fired in the type check. */
    const refuse = (message: string): void => {
      if (key !== undefined && !typeChecked) rememberRefusal(key, message);
      resolve({ diagnostics: [limitDiagnostic(file, message)] });
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      offMessage();
      offFailure();
    };
    const onMessage = (message: unknown): void => {
      const m = message as CheckReply | CheckTypeChecked;
      if ("typeChecked" in m) {
        if (m.typeChecked === id) typeChecked = true;
        return;
      }
      if (m.id !== id) return;
      cleanup();
      if (m.ok) resolve(m);
      else reject(new VerifierInternalError(`type check crashed: ${m.error}`));
    };
    const onFailure = (f: ServerFailure): void => {
      cleanup();
      if (server === w) server = undefined;
      if (w.kind === "snapshot" && !w.ready) {
        // Node refused the snapshot (getServer removed it): the same request, in a worker.
        resolve(runOnce(request, timeoutMs));
        return;
      }
      if (f.outOfMemory) {
        refuse(`type check exceeded its memory limit (${WORKER_HEAP_MB} MiB)`);
        return;
      }
      reject(new VerifierInternalError(f.message));
    };
    // The server's CPU time so far (0 for one that has not said who it is yet: a fresh one, whose
    // start-up is part of the check, as it is in wall time).
    const cpuAtStart = w.cpuMs() ?? 0;
    const startedAt = Date.now();
    const expire = (): void => {
      const cpu = w.cpuMs();
      const used = cpu === undefined ? undefined : cpu - cpuAtStart;
      if (used !== undefined && used < timeoutMs && Date.now() - startedAt < timeoutMs * WALL_FACTOR) {
        // Waiting, not working: look again when the rest of the limit could have been used.
        timer = setTimeout(expire, Math.max(20, timeoutMs - used));
        return;
      }
      cleanup();
      if (server === w) server = undefined;
      void w.terminate();
      refuse(`type check exceeded ${timeoutMs} ms`);
    };
    let timer = setTimeout(expire, timeoutMs);
    const offMessage = w.onMessage(onMessage);
    const offFailure = w.onFailure(onFailure);
    w.send({ ...request, id } as CheckRequest);
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

function serialised(request: DistributiveOmit<CheckRequest, "id">, timeoutMs: number): Promise<Answer> {
  const run = queue.then(() => runOnce(request, timeoutMs));
  queue = run.catch(() => undefined);
  return run;
}

/** Stop the check server (e.g. at shutdown or in tests). */
export async function stopTypeCheckWorker(): Promise<void> {
  const w = server;
  server = undefined;
  if (w !== undefined) await w.terminate();
}
