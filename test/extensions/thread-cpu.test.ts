import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { currentThreadId, threadCpuMs } from "../../extensions/check/thread-cpu.js";

/** A worker that says its thread id, then spins or sleeps until told to stop (a shared flag). */
function worker(work: "spin" | "sleep", flag: Int32Array): Promise<{ w: Worker; tid: number | undefined }> {
  const w = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const fs = require("node:fs");
     let tid; try { tid = Number(fs.readFileSync("/proc/thread-self/stat", "utf8").split(" ")[0]); } catch {}
     parentPort.postMessage(tid);
     const flag = workerData;
     if (${JSON.stringify(work)} === "spin") { while (Atomics.load(flag, 0) === 0) {} }
     else Atomics.wait(flag, 0, 0);`,
    { eval: true, workerData: flag },
  );
  return new Promise((resolve) => w.once("message", (tid: number | undefined) => resolve({ w, tid })));
}

describe("a thread's CPU time (what the type check's limit counts)", () => {
  it("on Linux counts a spinning thread's work and not a waiting thread's wait; elsewhere it says it does not know", async () => {
    if (process.platform !== "linux") {
      expect(currentThreadId()).toBeUndefined();
      return;
    }
    expect(currentThreadId()).toBeGreaterThan(0);
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const spinner = await worker("spin", flag);
    const sleeper = await worker("sleep", flag);
    // Wait until the spinner has used a measurable amount of CPU (USER_HZ ticks of 10 ms).
    let spun = 0;
    while (spun < 600) {
      await new Promise((r) => setTimeout(r, 50));
      spun = threadCpuMs(spinner.tid!) ?? 0;
    }
    const slept = threadCpuMs(sleeper.tid!);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    await Promise.all([spinner.w.terminate(), sleeper.w.terminate()]);
    expect(slept).toBeDefined();
    expect(slept!).toBeLessThan(spun / 3);
    // A thread that is gone: unknown, not an error.
    expect(threadCpuMs(2 ** 31 - 1)).toBeUndefined();
  });
});
