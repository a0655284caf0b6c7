/**
 * The inside of a `server` extension (server-vm.ts): a worker thread of its own (its own V8
 * isolate and heap, bounded by the `resourceLimits` it was started with) that hardens its realm,
 * runs the extension in a SES Compartment (the NativeVM of the `native` placement, with the same
 * fuel), and serves one request at a time: it blocks in `Atomics.wait` until the kernel's thread
 * hands it the turn, runs the handlers, posts the reply and hands the turn back. When the kernel
 * is done with it (SERVER_STOP), it leaves its loop and the thread ends by itself, whether or not
 * the kernel's `worker.terminate()` reached it (protocol.ts).
 */
import v8 from "node:v8";
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import type { SandboxFault } from "../errors.js";
import type { LogEntry } from "../host-functions.js";
import { NativeVM } from "../native/native-vm.js";
import { boundBuiltinsForSmallHeap, leaveBuiltinsUnboundedForTest } from "../native/realm.js";
import {
  SERVER_IDLE,
  SERVER_REPLY,
  SERVER_REQUEST,
  SERVER_STOP,
  type FaultData,
  type LogLineData,
  type ServerBoot,
  type ServerReply,
  type ServerRequest,
  type ServerWorkerData,
} from "./protocol.js";

const parent = parentPort;
if (parent === null) throw new Error("server-worker.js runs as a worker thread");
const data = workerData as ServerWorkerData & { readonly port: MessagePort };

function faultData(f: SandboxFault): FaultData {
  return {
    kind: f.kind,
    message: f.message,
    ...(f.position ? { position: { line: f.position.line, column: f.position.column } } : {}),
    ...(f.limit !== undefined ? { limit: f.limit } : {}),
  };
}

/** A log line's text and its positions in the body, as the other placements record them. */
function logLineData(l: LogEntry): LogLineData {
  return {
    text: l.text,
    frames: l.frames.map((f) => ({ line: f.line, column: f.column })),
    ...(l.fromJob === true ? { fromJob: true as const } : {}),
  };
}

let now = 0;
// The test hook of the last backstops (test/cli/held-thread.test.ts, test/cli/host-abort.test.ts):
// a server hardened without the bounds, so that a walking builtin aborts or holds as it did before them.
if (process.env.SPIN_TEST_UNBOUNDED_BUILTINS === "1") leaveBuiltinsUnboundedForTest();
boundBuiltinsForSmallHeap();
const created = await NativeVM.create({
  source: data.source,
  filename: data.filename,
  limits: data.limits,
  fuel: data.fuel,
  seed: data.seed,
  clock: () => now,
});
if (!created.ok) {
  parent.postMessage({ type: "boot-failed", fault: faultData(created.error) } satisfies ServerBoot);
} else {
  const vm = created.value;
  let logsSent = vm.logs.length;
  parent.postMessage({
    type: "booted",
    manifest: vm.manifest,
    instructions: vm.stats.instructions,
    logs: vm.logs.map(logLineData),
  } satisfies ServerBoot);
  const turn = new Int32Array(data.control);
  for (;;) {
    Atomics.wait(turn, 0, SERVER_IDLE);
    const word = Atomics.load(turn, 0);
    if (word === SERVER_STOP) break;
    if (word !== SERVER_REQUEST) continue;
    const m = receiveMessageOnPort(data.port);
    if (m === undefined) continue;
    const request = m.message as ServerRequest;
    now = request.now;
    const hostCallsBefore = vm.stats.hostCalls;
    const instructionsBefore = vm.stats.instructions;
    const r = vm.invokeMany(request.calls);
    const logs = vm.logs.slice(logsSent).map(logLineData);
    logsSent = vm.logs.length;
    const reply: ServerReply = {
      outcome: r.ok
        ? {
            ok: true,
            results: r.value.results.map((x) =>
              x.ok ? { ok: true, value: x.value } : { ok: false, fault: faultData(x.error) },
            ),
            instructions: r.value.instructions,
          }
        : { ok: false, fault: faultData(r.error), instructions: vm.stats.instructions - instructionsBefore },
      logs,
      logDropped: vm.stats.logDropped,
      hostCalls: vm.stats.hostCalls - hostCallsBefore,
      heapUsed: v8.getHeapStatistics().used_heap_size,
      ...(vm.lastCallFuel === undefined ? {} : { callFuel: vm.lastCallFuel }),
    };
    try {
      data.port.postMessage(reply);
    } catch (e) {
      // Results are JSON data (NativeVM); should a reply still not clone, the kernel hears why
      // instead of losing the server without a word (a server without a reply and without a
      // thread has died of its heap limit: server-vm.ts).
      const message = `the server could not send its reply: ${e instanceof Error ? e.message : String(e)}`;
      data.port.postMessage({
        outcome: { ok: false, fault: { kind: "dead", message }, instructions: 0 },
        logs: [],
        logDropped: 0,
        hostCalls: 0,
        heapUsed: 0,
      } satisfies ServerReply);
    }
    // The kernel may have given up on this call (its deadline) and stopped the server meanwhile:
    // the stop stays.
    if (Atomics.compareExchange(turn, 0, SERVER_REQUEST, SERVER_REPLY) !== SERVER_REQUEST) break;
    Atomics.notify(turn, 0);
  }
  data.port.close();
}
