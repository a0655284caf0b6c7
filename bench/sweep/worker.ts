/**
 * Worker-thread entry of a sweep's pool (pool.ts): runs the kernel with the built-in policies, or
 * LRU's one-pass profile, for each task it is sent, and posts the figures back. The configuration
 * arrives with its operation streams in shared memory (shared-config.ts): nothing is copied.
 */
import { parentPort } from "node:worker_threads";
import { Kernel } from "../../kernel/machine/kernel.js";
import { builtinPolicies } from "../../policies/index.js";
import { lruProfile } from "../../policies/lru-profile.js";
import type { FromWorker, SweepTask, TaskReply, ToWorker } from "./protocol.js";
import { runFigures } from "./figures.js";

const port = parentPort;
if (port === null) throw new Error("bench/sweep/worker.js runs as a worker thread");

function perform(task: SweepTask): TaskReply {
  if (task.kind === "lru-profile") return { kind: "lru-profile", profile: lruProfile(task.config, task.frames) };
  const report = new Kernel(task.config, builtinPolicies).run({ check: task.check });
  return { kind: "kernel", figures: runFigures(report) };
}

port.on("message", (message: ToWorker) => {
  let reply: FromWorker;
  try {
    reply = { id: message.id, ok: true, reply: perform(message.task) };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = {
      id: message.id,
      ok: false,
      error: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) },
    };
  }
  port.postMessage(reply);
});
