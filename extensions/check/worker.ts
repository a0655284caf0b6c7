/**
 * Worker-thread entry for the time-limited checks (timeout.ts), where the check's startup snapshot
 * is not there (snapshot.ts): keeps its own warm SourceFile cache and answers requests (serve.ts).
 */
// First: loads the compiler with its code cache before anything below requires it.
import { saveTypeScriptCodeCache } from "./typescript-code-cache.js";
import { parentPort } from "node:worker_threads";
import { answerCheck, type CheckRequest, type CheckServerHello } from "./serve.js";
import { currentThreadId } from "./thread-cpu.js";

parentPort?.postMessage({ tid: currentThreadId() } satisfies CheckServerHello);

parentPort?.on("message", (req: CheckRequest) => {
  try {
    answerCheck(req, (m) => parentPort?.postMessage(m));
  } finally {
    // After the first check (the code it compiled is in the cache); nothing after that.
    saveTypeScriptCodeCache();
  }
});
