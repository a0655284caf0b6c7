/** The held-thread record (sandbox/held-threads.ts): a thread that stops when terminated is not held, and leaves nothing behind. */
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { heldThreads, terminateWatched } from "../../sandbox/held-threads.js";

const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("held threads", () => {
  it("a worker that stops when terminated is not held, and no timer outlives the wait (it would hold the process's exit)", async () => {
    const worker = new Worker("setInterval(() => {}, 1000);", { eval: true });
    await new Promise((r) => worker.once("online", r));
    const before = timeouts();
    terminateWatched(worker, "an idle worker");
    expect(await heldThreads(60_000)).toEqual([]);
    expect(timeouts()).toBe(before);
  });
});
