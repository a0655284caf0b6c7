/**
 * Thread-scheduler test helpers: a fake SchedulerView, and a tiny single-CPU job simulator for
 * textbook examples (OSTEP's job tables: arrival time, CPU bursts separated by I/O waits).
 *
 * The simulator asks the policy for a thread whenever the CPU is free; the thread runs for one
 * quantum, or less if its burst ends first (then it blocks for ioNs, or finishes). That is the
 * kernel's contract too: the scheduler is asked at every quantum end and whenever a thread blocks.
 */
import type { ReadyThreadInfo, SchedulerPolicy, SchedulerView } from "../../kernel/policy.js";
import { Prng } from "../../kernel/prng.js";

export class FakeSchedulerView implements SchedulerView {
  readonly space = 0;
  now = 0;
  readonly ran = new Map<number, number>();
  readonly work = new Map<number, number>();
  /** If set, random() returns these in turn (then throws): for scripted lottery draws. */
  script: number[] | undefined;
  private readonly prng: Prng;

  constructor(
    readonly quantumNs = 10,
    seed = 1,
  ) {
    this.prng = new Prng(seed);
  }

  ranNs(thread: number): number {
    return this.ran.get(thread) ?? Number.NaN;
  }
  workLeft(thread: number): number {
    return this.work.get(thread) ?? Number.NaN;
  }
  random(): number {
    if (this.script === undefined) return this.prng.next();
    const next = this.script.shift();
    if (next === undefined) throw new Error("scripted random() ran out of numbers");
    return next;
  }
}

export interface Job {
  readonly thread: number;
  readonly arrival?: number;
  /** CPU bursts; between two bursts the job blocks for ioNs. */
  readonly bursts: readonly number[];
  readonly ioNs?: number;
  readonly priority?: number;
}

export interface JobResult {
  /** Completion time per thread. */
  readonly finished: ReadonlyMap<number, number>;
  /** Each turn: [thread, start, end]. */
  readonly turns: readonly (readonly [number, number, number])[];
  /** CPU time per thread. */
  readonly ran: ReadonlyMap<number, number>;
}

/** Run `jobs` to completion (or until `until`) under `policy`; the view's quantum is the quantum. */
export function runJobs(
  policy: SchedulerPolicy,
  jobs: readonly Job[],
  view = new FakeSchedulerView(),
  until = Infinity,
): JobResult {
  interface State {
    job: Job;
    burst: number;
    left: number;
    readyAt: number;
    done: boolean;
  }
  const states = jobs.map(
    (job): State => ({
      job,
      burst: 0,
      left: job.bursts[0] ?? 0,
      readyAt: job.arrival ?? 0,
      done: job.bursts.length === 0,
    }),
  );
  const finished = new Map<number, number>();
  const turns: [number, number, number][] = [];
  for (const s of states) {
    view.ran.set(s.job.thread, 0);
    view.work.set(
      s.job.thread,
      s.job.bursts.reduce((a, b) => a + b, 0),
    );
  }
  let time = 0;
  let current = -1;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const live = states.filter((s) => !s.done);
    if (live.length === 0 || time >= until) break;
    const ready = live.filter((s) => s.readyAt <= time);
    if (ready.length === 0) {
      time = Math.min(...live.map((s) => s.readyAt));
      continue;
    }
    view.now = time;
    const infos: ReadyThreadInfo[] = ready.map((s) => ({
      thread: s.job.thread,
      priority: s.job.priority ?? 0,
      readySince: s.readyAt,
      ranNs: view.ran.get(s.job.thread)!,
    }));
    const picked = policy.pick(infos, current, view);
    const s = ready.find((r) => r.job.thread === picked);
    if (!s) throw new Error(`${policy.name} picked ${picked}, which is not ready`);
    const run = Math.min(view.quantumNs, s.left);
    turns.push([picked, time, time + run]);
    time += run;
    s.left -= run;
    view.ran.set(picked, view.ran.get(picked)! + run);
    view.work.set(picked, view.work.get(picked)! - run);
    if (s.left === 0) {
      s.burst++;
      if (s.burst >= s.job.bursts.length) {
        s.done = true;
        finished.set(picked, time);
      } else {
        s.left = s.job.bursts[s.burst]!;
        s.readyAt = time + (s.job.ioNs ?? 0);
      }
    } else s.readyAt = time;
    current = picked;
  }
  return { finished, turns, ran: new Map(view.ran) };
}

/** The thread of each turn, in order. */
export function order(result: JobResult): number[] {
  return result.turns.map((t) => t[0]);
}
