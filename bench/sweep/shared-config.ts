/**
 * A configuration whose operation streams live in shared memory: posted to a worker (the sweep's
 * pool, a supervised run's simulation worker), it crosses without a copy, however many runs use
 * it. The kernel only reads a stream, so sharing one between concurrent runs is safe.
 */
import type { MachineConfig } from "../../kernel/config.js";
import type { OpStream } from "../../kernel/workload.js";

function sharedOps(ops: OpStream): OpStream {
  const kinds = new Uint8Array(new SharedArrayBuffer(ops.length));
  kinds.set(ops.kinds.subarray(0, ops.length));
  const values = new Float64Array(new SharedArrayBuffer(ops.length * Float64Array.BYTES_PER_ELEMENT));
  values.set(ops.values.subarray(0, ops.length));
  return { length: ops.length, kinds, values };
}

export function sharedConfig(config: MachineConfig): MachineConfig {
  return {
    ...config,
    apps: config.apps.map((app) => ({
      ...app,
      threads: app.threads.map((thread) => ({ ...thread, ops: sharedOps(thread.ops) })),
    })),
  };
}
