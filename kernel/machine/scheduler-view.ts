/**
 * The SchedulerView a built-in thread scheduler reads besides the ready list: the time, the
 * quantum, every thread's CPU time, the remaining-work oracle SJF and STCF need, and a seeded
 * per-application generator for lottery scheduling. One view object is reused for every pick.
 */
import type { CostParams } from "../config.js";
import type { SchedulerView } from "../policy.js";
import type { Prng } from "../prng.js";
import { OP_COMPUTE, OP_READ, OP_WRITE } from "../workload.js";
import type { SimApp, SimThread } from "./threads.js";

export class MachineSchedulerView implements SchedulerView {
  space = 0;
  now = 0;
  private app: SimApp | undefined;
  private readonly prngs = new Map<number, Prng>();
  /** Per thread id: suffix sums of the CPU time of its ops, built the first time workLeft asks. */
  private readonly suffix = new Map<number, Float64Array>();

  /** `root` is forked per application, labelled by its name: the pager's stream is not touched. */
  constructor(
    private readonly root: Prng,
    readonly quantumNs: number,
    private readonly costs: CostParams,
  ) {}

  /** Point the view at one application for one pick. */
  focus(app: SimApp, now: number): this {
    this.app = app;
    this.space = app.index;
    this.now = now;
    return this;
  }

  ranNs(thread: number): number {
    const t = this.thread(thread);
    return t ? t.ranNs : Number.NaN;
  }

  workLeft(thread: number): number {
    const t = this.thread(thread);
    if (!t) return Number.NaN;
    const { length, values, kinds } = t.ops;
    if (t.pc >= length) return 0;
    let sums = this.suffix.get(t.id);
    if (!sums) {
      sums = new Float64Array(length + 1);
      const accessNs = this.costs.accessNs;
      for (let i = length - 1; i >= 0; i--) {
        const kind = kinds[i];
        const cost = kind === OP_COMPUTE ? values[i]! : kind === OP_READ || kind === OP_WRITE ? accessNs : 0;
        sums[i] = sums[i + 1]! + cost;
      }
      this.suffix.set(t.id, sums);
    }
    // A compute op cut by the end of a quantum has only computeLeft of its time still to run.
    const done = t.computeLeft >= 0 && kinds[t.pc] === OP_COMPUTE ? values[t.pc]! - t.computeLeft : 0;
    return sums[t.pc]! - done;
  }

  random(): number {
    const app = this.app;
    if (!app) return 0;
    let prng = this.prngs.get(app.index);
    if (!prng) {
      prng = this.root.fork(`scheduler:${app.name}`);
      this.prngs.set(app.index, prng);
    }
    return prng.next();
  }

  /** A thread of the focused application by id (ids of one application are consecutive). */
  private thread(id: number): SimThread | undefined {
    const threads = this.app?.threads;
    if (!threads || threads.length === 0 || !Number.isInteger(id)) return undefined;
    const t = threads[id - threads[0]!.id];
    return t && t.id === id ? t : undefined;
  }
}
