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
  /** Per thread id: where its compute and I/O ops are, built the first time workLeft asks. */
  private readonly work = new Map<number, OpWork>();

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
    const pc = t.pc;
    if (pc >= length) return 0;
    let work = this.work.get(t.id);
    if (!work) {
      work = OpWork.of(t);
      this.work.set(t.id, work);
    }
    // Operations from pc on: the compute and I/O ones are listed; every other one is a reference.
    const k = work.firstAtOrAfter(pc);
    const references = length - pc - (work.at.length - k);
    let left = references * this.costs.accessNs + work.computeFrom[k]!;
    // A compute op cut by the end of a quantum has only computeLeft of its time still to run.
    if (t.computeLeft >= 0 && kinds[pc] === OP_COMPUTE) left -= values[pc]! - t.computeLeft;
    return left;
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

/**
 * The non-reference operations of one thread (compute and I/O), with the compute time from each
 * of them to the end: memory in proportion to those operations only, none for a pure trace.
 */
class OpWork {
  private constructor(
    /** Indices of the thread's compute and I/O ops, increasing. */
    readonly at: Int32Array,
    /** computeFrom[k]: total compute ns of the listed ops k, k+1, ...; computeFrom[at.length] = 0. */
    readonly computeFrom: Float64Array,
  ) {}

  static of(t: SimThread): OpWork {
    const { kinds, values, length } = t.ops;
    let n = 0;
    for (let i = 0; i < length; i++) if (kinds[i] !== OP_READ && kinds[i] !== OP_WRITE) n++;
    const at = new Int32Array(n);
    for (let i = 0, k = 0; i < length; i++) if (kinds[i] !== OP_READ && kinds[i] !== OP_WRITE) at[k++] = i;
    const computeFrom = new Float64Array(n + 1);
    for (let k = n - 1; k >= 0; k--)
      computeFrom[k] = computeFrom[k + 1]! + (kinds[at[k]!] === OP_COMPUTE ? values[at[k]!]! : 0);
    return new OpWork(at, computeFrom);
  }

  /** The position in `at` of the first listed op at or after `pc` (at.length if none). */
  firstAtOrAfter(pc: number): number {
    let lo = 0;
    let hi = this.at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.at[mid]! < pc) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
