/**
 * The global strand scheduler and the thread states it follows (threads.ts draws the diagram).
 * Each application has one strand; strands take turns at the CPU round robin, high priority before
 * low. Within a strand, the application's own thread scheduler picks the thread (Strand.Resume).
 * Blocking and unblocking raise Strand.Block and Strand.Unblock; an unblocked thread makes its
 * blocked strand ready again.
 */
import type { EventArgs } from "../events/catalogue.js";
import type { Machine } from "./machine.js";
import { StrandQueue, THREAD_BLOCKED, THREAD_READY, THREAD_RUNNING, type SimApp, type SimThread } from "./threads.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Strands {
  private readonly ready: [StrandQueue, StrandQueue] = [new StrandQueue(), new StrandQueue()];
  /**
   * The thread being blocked or unblocked, and the builders of the notifications' arguments:
   * called only when a handler listens (no closure per notification nobody hears). A thread's
   * strand and space are its application's index.
   */
  private moved = 0;
  private blockReason: "page-fault" | "io" = "page-fault";
  private readonly blockArgs = (): EventArgs<"Strand.Block"> => {
    const space = this.m.threads[this.moved]!.app;
    return { space, strand: space, thread: this.moved, reason: this.blockReason };
  };
  private readonly unblockArgs = (): EventArgs<"Strand.Unblock"> => {
    const space = this.m.threads[this.moved]!.app;
    return { space, strand: space, thread: this.moved };
  };

  /** Strand.Resume's arguments when only the built-in scheduler reads them (resume). */
  private readonly resumeArgs: Mutable<EventArgs<"Strand.Resume">> = {
    space: 0,
    strand: 0,
    ready: [],
    current: -1,
  };

  constructor(private readonly m: Machine) {}

  enqueue(app: SimApp): void {
    app.strand = "ready";
    this.ready[app.spec.priority === "high" ? 0 : 1].push(app);
  }

  next(): SimApp | undefined {
    return this.ready[0].shift() ?? this.ready[1].shift();
  }

  done(app: SimApp): void {
    app.strand = "done";
    app.finishedAt = this.m.now;
  }

  /** Strand.Resume: the application's thread scheduler picks one of its ready threads. */
  resume(app: SimApp): SimThread {
    // With no handler bound, only the built-in scheduler sees the arguments: it reads the ready
    // threads themselves, from one arguments object rewritten for each resume (it keeps neither).
    // A handler that may be untrusted, or keep what it is given, gets a copy and an object of its own.
    const bound = this.m.hasBindings(this.m.on["Strand.Resume"], app.index);
    let args: EventArgs<"Strand.Resume">;
    if (bound) {
      const ready = app.ready.map((t) => ({
        thread: t.id,
        priority: t.priority,
        readySince: t.readySince,
        ranNs: t.ranNs,
      }));
      args = { space: app.index, strand: app.index, ready, current: app.lastThread };
    } else {
      args = this.resumeArgs;
      args.space = app.index;
      args.strand = app.index;
      args.ready = app.ready;
      args.current = app.lastThread;
    }
    const choice = this.m.raise(this.m.on["Strand.Resume"], app.index, -1, -1, args);
    const thread = takeReady(app.ready, choice.thread);
    thread.state = THREAD_RUNNING;
    const now = this.m.now;
    if (thread.firstRunAt < 0) thread.firstRunAt = now;
    thread.waitingNs += now - thread.readySince;
    app.lastThread = thread.id;
    return thread;
  }

  block(thread: SimThread, reason: "page-fault" | "io"): void {
    thread.state = THREAD_BLOCKED;
    const app = thread.app;
    this.moved = thread.id;
    this.blockReason = reason;
    this.m.notify(this.m.on["Strand.Block"], app, -1, thread.id, this.blockArgs);
  }

  unblock(thread: SimThread): void {
    if (thread.state !== THREAD_BLOCKED) return;
    const app = this.m.apps[thread.app]!;
    thread.state = THREAD_READY;
    thread.readySince = this.m.now;
    app.ready.push(thread);
    this.moved = thread.id;
    this.m.notify(this.m.on["Strand.Unblock"], app.index, -1, thread.id, this.unblockArgs);
    if (app.strand === "blocked") this.enqueue(app);
  }
}

/** Remove the thread `id` from a ready list (its first one if none has that id) and return it, keeping the others' order. */
function takeReady(ready: SimThread[], id: number): SimThread {
  let at = 0;
  for (let i = 0; i < ready.length; i++) {
    if (ready[i]!.id === id) {
      at = i;
      break;
    }
  }
  const thread = ready[at]!;
  for (let i = at + 1; i < ready.length; i++) ready[i - 1] = ready[i]!;
  ready.pop();
  return thread;
}
