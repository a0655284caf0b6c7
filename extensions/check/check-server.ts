/**
 * Where the time-limited checks run (timeout.ts asks, serve.ts answers): a process started from
 * the check's startup snapshot (snapshot.ts), or, where there is no snapshot, a worker thread
 * (worker.ts). Either is killed when a check passes its limit; the limit counts its CPU time (the
 * process's, all its threads; the worker's own thread), so a loaded machine does not refuse a check
 * for the time it made it wait.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import type { Socket } from "node:net";
import { Worker } from "node:worker_threads";
import type { CheckRequest, CheckServerHello } from "./serve.js";
import { V8_OUT_OF_MEMORY } from "../v8-fatal.js";
import { diesWithParent } from "./parent-death.js";
import { type TrustedBlob, buildSnapshot, checkProcessFlags, openTrustedBlob, snapshotBlobFile } from "./snapshot.js";
import { processCpuMs, threadCpuMs } from "./thread-cpu.js";
import { workerExecArgv } from "../../sandbox/worker-exec-argv.js";

/** How a server ended while a check ran. */
export interface ServerFailure {
  readonly outOfMemory: boolean;
  readonly message: string;
}

export interface CheckServer {
  /** "snapshot" or "worker": what started it (tests, docs). */
  readonly kind: "snapshot" | "worker";
  send(request: CheckRequest): void;
  /** Every message after the hello; returns how to stop listening. */
  onMessage(listener: (message: unknown) => void): () => void;
  /** The server died (out of memory, crashed); returns how to stop listening. */
  onFailure(listener: (failure: ServerFailure) => void): () => void;
  /** Its CPU time so far in ms, once it has said who it is; undefined before or where unknown. */
  cpuMs(): number | undefined;
  /** Kill it. */
  terminate(): Promise<void>;
  /** It died or was killed (the next check starts another). */
  readonly ended: boolean;
  /** It has said who it is (its first message): it started. */
  readonly ready: boolean;
}

/** A worker thread running worker.ts, with its own heap limit. */
export function workerServer(script: string, heapMb: number): CheckServer {
  // A type-level bomb can allocate gigabytes before the time limit: without its own heap limit a
  // worker that runs out of memory takes the whole process down with it (found by the type-bomb
  // exercise in sfi mode). With one, only the worker dies and the check is refused.
  const worker = new Worker(script, {
    execArgv: workerExecArgv(),
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  let tid: number | undefined;
  let ended = false;
  let ready = false;
  worker.on("message", (m: unknown) => {
    const hello = m as Partial<{ tid: unknown; id: unknown }> | null;
    if (hello?.id === undefined && hello !== null && "tid" in hello) {
      ready = true;
      if (typeof hello.tid === "number") tid = hello.tid;
    }
  });
  worker.on("exit", () => {
    ended = true;
  });
  worker.unref();
  return {
    kind: "worker",
    send: (request) => worker.postMessage(request),
    onMessage(listener) {
      worker.on("message", listener);
      return () => worker.off("message", listener);
    },
    onFailure(listener) {
      const onError = (e: Error): void => {
        ended = true;
        listener({
          outOfMemory: (e as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY",
          message: `type-check worker failed: ${e.message}`,
        });
      };
      worker.on("error", onError);
      return () => worker.off("error", onError);
    },
    cpuMs: () => (tid === undefined ? undefined : threadCpuMs(tid)),
    async terminate() {
      ended = true;
      await worker.terminate();
    },
    get ended() {
      return ended;
    },
    get ready() {
      return ready;
    },
  };
}

/** A process started from the snapshot `blob`, answering over its IPC channel. */
export function snapshotServer(blob: TrustedBlob, heapMb: number): CheckServer {
  // The blob goes to node as the file this process opened and checked (descriptor 4, after the IPC
  // channel's 3), not by its path, which could name another file by the time node opens it.
  const blobPath = fs.existsSync("/proc/self/fd") ? "/proc/self/fd/4" : blob.file;
  const [command, ...args] = diesWithParent([
    process.execPath,
    ...checkProcessFlags(heapMb),
    "--snapshot-blob",
    blobPath,
  ]);
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      stdio: ["ignore", "ignore", "pipe", "ipc", blob.fd],
      // Structured clone, as a worker's messages: the answers hold what JSON would flatten.
      serialization: "advanced",
    });
  } finally {
    // The child has its own copy of the descriptor (or none: spawn failed and says so by "error").
    fs.closeSync(blob.fd);
  }
  let pid: number | undefined;
  let ended = false;
  let ready = false;
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (s: string) => {
    if (stderr.length < 8192) stderr += s;
  });
  child.on("message", (m: unknown) => {
    const hello = m as Partial<CheckServerHello & { id: unknown }> | null;
    if (hello !== null && hello.id === undefined && "pid" in hello && typeof hello.pid === "number") {
      pid = hello.pid;
      ready = true;
    }
  });
  // Idle, it keeps nothing of ours alive: the command exits when its work is done.
  child.unref();
  child.channel?.unref();
  (child.stderr as Socket | null)?.unref();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.once("exit", () => {
    ended = true;
  });
  return {
    kind: "snapshot",
    send: (request) => child.send(request),
    onMessage(listener) {
      child.on("message", listener);
      return () => child.off("message", listener);
    },
    onFailure(listener) {
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        ended = true;
        listener({
          outOfMemory: V8_OUT_OF_MEMORY.test(stderr),
          message: `type-check process ended (${signal ?? `exit ${code}`})${stderr.trim() === "" ? "" : `: ${stderr.trim().split("\n").slice(-2).join(" / ")}`}`,
        });
      };
      const onError = (e: Error): void => {
        ended = true;
        listener({ outOfMemory: false, message: `type-check process failed: ${e.message}` });
      };
      child.on("exit", onExit);
      child.on("error", onError);
      return () => {
        child.off("exit", onExit);
        child.off("error", onError);
      };
    },
    cpuMs: () => (pid === undefined ? undefined : processCpuMs(pid)),
    async terminate() {
      ended = true;
      if (child.exitCode === null && child.signalCode === null) {
        // Held while it dies: an unreferenced child would let the event loop end before its exit.
        child.ref();
        child.kill("SIGKILL");
      }
      await exited;
    },
    get ended() {
      return ended;
    },
    get ready() {
      return ready;
    },
  };
}

/**
 * The snapshot to start a check process from, made now if there is none yet (once per build of
 * this package and Node), or undefined: no cache folder, no bundle, one Node has refused in this
 * process (`refused`), or it could not be made (the worker thread then).
 */
export async function checkSnapshot(
  heapMb: number,
  apiDeclarationFile: string,
  refused: ReadonlySet<string>,
): Promise<TrustedBlob | undefined> {
  const file = snapshotBlobFile(heapMb);
  if (file === undefined || refused.has(file)) return undefined;
  const there = openTrustedBlob(file);
  if (there !== undefined) return there;
  const made = await buildSnapshot(file, heapMb, apiDeclarationFile);
  return made instanceof Error ? undefined : openTrustedBlob(made);
}
