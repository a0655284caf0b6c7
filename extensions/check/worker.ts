/**
 * Worker-thread entry for the time-limited checks (timeout.ts): keeps its own warm SourceFile
 * cache. A `type-check` request answers the type check's diagnostics; a `prepare` request runs the
 * whole of an execution mode's checks and compilation and answers the result as data, so that the
 * thread that asked never loads the compiler.
 */
// First: loads the compiler with its code cache before anything below requires it.
import { saveTypeScriptCodeCache } from "./typescript-code-cache.js";
import { parentPort } from "node:worker_threads";
import { ExtensionRejected } from "../diagnostics.js";
import type { ModeSpec } from "../loader/mode-names.js";
import { prepareAsData } from "../loader/prepare-data.js";
import { onTypeChecked, typeCheckExtension } from "./index.js";
import { currentThreadId } from "./thread-cpu.js";

/** Sent once, first: which thread's CPU time the time limit counts (timeout.ts). */
export interface WorkerHello {
  readonly tid: number | undefined;
}

parentPort?.postMessage({ tid: currentThreadId() } satisfies WorkerHello);

export type WorkerRequest =
  | {
      readonly kind: "type-check";
      readonly id: number;
      readonly file: string;
      readonly source: string | undefined;
      readonly apiDeclarationFile: string;
    }
  | {
      readonly kind: "prepare";
      readonly id: number;
      readonly file: string;
      readonly source: string;
      readonly apiDeclarationFile: string;
      readonly mode: ModeSpec;
    };

parentPort?.on("message", (req: WorkerRequest) => {
  try {
    answer(req);
  } finally {
    // After the first check (the code it compiled is in the cache); nothing after that.
    saveTypeScriptCodeCache();
  }
});

/** Sent while a request runs, when its type check has finished (timeout.ts). */
export interface WorkerTypeChecked {
  readonly typeChecked: number;
}

function answer(req: WorkerRequest): void {
  onTypeChecked(() => parentPort?.postMessage({ typeChecked: req.id } satisfies WorkerTypeChecked));
  try {
    if (req.kind === "type-check") {
      const diagnostics = typeCheckExtension(req.file, req.source, { apiDeclarationFile: req.apiDeclarationFile });
      parentPort?.postMessage({ id: req.id, ok: true, diagnostics });
      return;
    }
    try {
      const prepared = prepareAsData(req.mode, req.file, req.source, req.apiDeclarationFile);
      parentPort?.postMessage({ id: req.id, ok: true, prepared });
    } catch (e) {
      if (!(e instanceof ExtensionRejected)) throw e;
      parentPort?.postMessage({
        id: req.id,
        ok: true,
        rejected: { diagnostics: e.diagnostics, statsLine: e.statsLine },
      });
    }
  } catch (e) {
    parentPort?.postMessage({ id: req.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
