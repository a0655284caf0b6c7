/** The held-thread record (sandbox/held-threads.ts): a thread that stops when terminated is not held, and leaves nothing behind. */
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import { heldThreads, terminateWatched } from "../../sandbox/held-threads.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("held threads", () => {
  it("a worker that stops when terminated is not held, and no timer outlives the wait (it would hold the process's exit)", async () => {
    const worker = new Worker("setInterval(() => {}, 1000);", { eval: true });
    await new Promise((r) => worker.once("online", r));
    // The wait's own timers, told apart by their delay (about the 60 s asked for). Counting the
    // process's active timers instead was flaky: other test files share this process (isolate
    // off), and their timers come and go during the wait.
    const realSetTimeout = globalThis.setTimeout;
    const realClearTimeout = globalThis.clearTimeout;
    const waitTimers: unknown[] = [];
    const cleared = new Set<unknown>();
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
      const t = realSetTimeout(fn, ms);
      if ((ms ?? 0) > 30_000) waitTimers.push(t);
      return t;
    }) as typeof setTimeout);
    vi.spyOn(globalThis, "clearTimeout").mockImplementation(((t?: Parameters<typeof clearTimeout>[0]) => {
      cleared.add(t);
      realClearTimeout(t);
    }) as typeof clearTimeout);
    terminateWatched(worker, "an idle worker");
    expect(await heldThreads(60_000)).toEqual([]);
    expect(waitTimers.length).toBe(1);
    expect(waitTimers.every((t) => cleared.has(t))).toBe(true);
  });
});
