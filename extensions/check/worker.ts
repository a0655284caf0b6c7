/** Worker-thread entry for typeCheckWithTimeout: keeps its own warm SourceFile cache. */
import { parentPort } from "node:worker_threads";
import { typeCheckExtension } from "./index.js";

export interface WorkerRequest {
  readonly id: number;
  readonly file: string;
  readonly source: string | undefined;
  readonly apiDeclarationFile: string;
}

parentPort?.on("message", (req: WorkerRequest) => {
  try {
    const diagnostics = typeCheckExtension(req.file, req.source, { apiDeclarationFile: req.apiDeclarationFile });
    parentPort?.postMessage({ id: req.id, ok: true, diagnostics });
  } catch (e) {
    parentPort?.postMessage({ id: req.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
