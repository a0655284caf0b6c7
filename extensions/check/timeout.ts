/**
 * Type checking with a time limit (against type-level bombs). The check
 * runs in a persistent worker thread (so its lib cache stays warm); if a
 * check exceeds the limit the worker is terminated, the next call starts a
 * fresh one, and the result is a diagnostic "type check exceeded N ms".
 *
 * Needs the compiled worker (dist/extensions/check/worker.js, from
 * `npm run build`); running from TypeScript sources it looks there.
 */
import { Worker } from "node:worker_threads";
import { compiledWorkerScript } from "../worker-script.js";
import { type Diagnostic, VerifierInternalError } from "../diagnostics.js";
import type { TypeCheckOptions } from "./index.js";
import type { WorkerRequest } from "./worker.js";

type WorkerReply = { id: number; ok: true; diagnostics: Diagnostic[] } | { id: number; ok: false; error: string };

/** Path of the compiled worker script, or undefined if it has not been built. */
export function typeCheckWorkerScript(): string | undefined {
  return compiledWorkerScript(import.meta.url, "extensions/check", "worker.js");
}

/** Heap limit of the type-check worker. */
export const WORKER_HEAP_MB = 1024;

let worker: Worker | undefined;
/**
 * A fresh worker's first check loads TypeScript's lib files, seconds on a busy machine: the worker
 * checks this first, outside the time limit, so the limit bounds the extension's check alone (a
 * student's first run is not refused for the checker's start-up).
 */
const WARM_UP_SOURCE =
  'import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ handlers: {} });\n';

/** Settles when `worker` has loaded the checker's libs (WARM_UP_SOURCE checked). */
let warm: Promise<void> | undefined;
let nextId = 1;
let queue: Promise<unknown> = Promise.resolve();

/**
 * How long a fresh worker may take to start and load the libs before that is our failure: far
 * above the seconds it takes on a loaded machine, and guest input plays no part in it.
 */
const WARM_UP_LIMIT_MS = 120_000;

function getWorker(): Worker {
  if (worker !== undefined) return worker;
  const script = typeCheckWorkerScript();
  if (script === undefined) throw new VerifierInternalError("type-check worker not built (run npm run build)");
  // A type-level bomb can allocate gigabytes before the time limit: without its own heap limit a
  // worker that runs out of memory takes the whole process down with it (found by the type-bomb
  // exercise in sfi mode). With one, only the worker dies and the check is refused.
  worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  worker.unref();
  const w = worker;
  w.on("exit", () => {
    if (worker === w) worker = undefined;
  });
  warm = undefined;
  return w;
}

/** The worker, once it has checked WARM_UP_SOURCE (not counted against any extension's limit). */
function warmWorker(apiDeclarationFile: string): Promise<Worker> {
  const w = getWorker();
  warm ??= new Promise<void>((resolve, reject) => {
    const id = nextId++;
    const done = (error?: Error): void => {
      clearTimeout(timer);
      w.off("message", onMessage);
      w.off("error", onError);
      if (error === undefined) resolve();
      else {
        if (worker === w) worker = undefined;
        void w.terminate();
        reject(error);
      }
    };
    const onMessage = (m: WorkerReply): void => {
      if (m.id !== id) return;
      done(m.ok ? undefined : new VerifierInternalError(`type checker failed to start: ${m.error}`));
    };
    const onError = (e: Error): void => done(new VerifierInternalError(`type-check worker failed: ${e.message}`));
    const timer = setTimeout(
      () => done(new VerifierInternalError(`type checker did not start within ${WARM_UP_LIMIT_MS} ms`)),
      WARM_UP_LIMIT_MS,
    );
    w.on("message", onMessage);
    w.on("error", onError);
    const req: WorkerRequest = { id, file: "warm-up.ts", source: WARM_UP_SOURCE, apiDeclarationFile };
    w.postMessage(req);
  });
  return warm.then(() => w);
}

function runOnce(
  file: string,
  source: string | undefined,
  opts: TypeCheckOptions,
  timeoutMs: number,
): Promise<Diagnostic[]> {
  return warmWorker(opts.apiDeclarationFile).then((w) => checkOnce(w, file, source, opts, timeoutMs));
}

function checkOnce(
  w: Worker,
  file: string,
  source: string | undefined,
  opts: TypeCheckOptions,
  timeoutMs: number,
): Promise<Diagnostic[]> {
  return new Promise<Diagnostic[]>((resolve, reject) => {
    const id = nextId++;
    const cleanup = (): void => {
      clearTimeout(timer);
      w.off("message", onMessage);
      w.off("error", onError);
    };
    const onMessage = (m: WorkerReply): void => {
      if (m.id !== id) return;
      cleanup();
      if (m.ok) resolve(m.diagnostics);
      else reject(new VerifierInternalError(`type check crashed: ${m.error}`));
    };
    const onError = (e: Error): void => {
      cleanup();
      worker = undefined;
      if ((e as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY") {
        resolve([
          {
            file,
            line: 1,
            column: 1,
            source: "typescript",
            code: "typecheck-timeout",
            message: `type check exceeded its memory limit (${WORKER_HEAP_MB} MiB)`,
          },
        ]);
        return;
      }
      reject(new VerifierInternalError(`type-check worker failed: ${e.message}`, { cause: e }));
    };
    const timer = setTimeout(() => {
      cleanup();
      if (worker === w) worker = undefined;
      void w.terminate();
      resolve([
        {
          file,
          line: 1,
          column: 1,
          source: "typescript",
          code: "typecheck-timeout",
          message: `type check exceeded ${timeoutMs} ms`,
        },
      ]);
    }, timeoutMs);
    w.on("message", onMessage);
    w.on("error", onError);
    const req: WorkerRequest = { id, file, source, apiDeclarationFile: opts.apiDeclarationFile };
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
  const run = queue.then(() => runOnce(file, source, opts, timeoutMs));
  queue = run.catch(() => undefined);
  return run;
}

/** Stop the worker (e.g. at shutdown or in tests). */
export async function stopTypeCheckWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w !== undefined) await w.terminate();
}
