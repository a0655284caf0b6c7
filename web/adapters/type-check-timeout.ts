/**
 * Browser counterpart of extensions/check/timeout.ts. A page has no worker_threads; the time limit
 * of a type check is the page's own: every check and every run happens in a Web Worker that the
 * page terminates when it goes past the limit (web/page/workers.ts). So there is no type-check
 * worker *script* here, and ensureTypeCheckFinishes (time-limit.ts) leaves the limit to the page.
 */
import type { PrepareOutcome } from "../../extensions/check/timeout.js";
import { VerifierInternalError, type Diagnostic } from "../../extensions/diagnostics.js";

export type { PrepareOutcome };

export const WORKER_HEAP_MB = 1024;

export function typeCheckWorkerScript(): string | undefined {
  return undefined;
}

export function typeCheckWithTimeout(): Promise<Diagnostic[]> {
  return Promise.reject(
    new VerifierInternalError("no type-check worker thread in the page: the page's Web Worker is the time limit"),
  );
}

export function prepareWithTimeout(): Promise<PrepareOutcome> {
  return Promise.reject(
    new VerifierInternalError("no type-check worker thread in the page: the page's Web Worker is the time limit"),
  );
}

export async function stopTypeCheckWorker(): Promise<void> {}

/** No worker thread in the page, so none to warm. */
export function typeCheckWorkerGeneration(): number | undefined {
  return undefined;
}

/** The page's Web Worker keeps no refusals: each check runs under the page's own limit. */
export function earlierRefusal(): Diagnostic[] | undefined {
  return undefined;
}

/** No check server in the page (no snapshot process, no worker thread): its Web Worker checks. */
export function typeCheckServerKind(): "snapshot" | "worker" | undefined {
  return undefined;
}
