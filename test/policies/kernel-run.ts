/** Running built-in policies through the whole kernel, for the textbook examples and properties. */
import {
  DEFAULT_COSTS,
  DEFAULT_DISK,
  type AppSpec,
  type MachineConfig,
  type PolicyChoice,
  type ThreadSpec,
} from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import type { PagerPolicy, SchedulerPolicy } from "../../kernel/policy.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { OP_COMPUTE, OP_READ, OP_WRITE, PAGE_SIZE, opStreamOf, type OpKind } from "../../kernel/workload.js";
import { createPager, createScheduler } from "../../policies/index.js";

export const policies = { createPager, createScheduler };

/** A 10 ms quantum and no strand-switch cost: times in the examples read as the textbooks' do. */
export const QUANTUM_NS = 10_000_000;
export const MS = 1_000_000;

export type Op = readonly [OpKind, number];
export const read = (page: number): Op => [OP_READ, page * PAGE_SIZE];
export const write = (page: number): Op => [OP_WRITE, page * PAGE_SIZE];
export const compute = (ns: number): Op => [OP_COMPUTE, ns];

export interface ThreadDef {
  readonly name?: string;
  readonly priority?: number;
  readonly ops: readonly Op[];
}

export function config(
  threads: readonly ThreadDef[],
  frames: number,
  pager: PolicyChoice = { name: "clock" },
  scheduler: PolicyChoice = { name: "rr" },
  seed = 1,
): MachineConfig {
  const app: AppSpec = {
    name: "app",
    priority: "low",
    pager,
    scheduler,
    regions: [{ startVpn: 0, pages: 4096, writable: true }],
    threads: threads.map(
      (t, i): ThreadSpec => ({ name: t.name ?? `t${i}`, priority: t.priority ?? 0, ops: opStreamOf(t.ops) }),
    ),
  };
  return {
    name: "test",
    seed,
    frames,
    quantumNs: QUANTUM_NS,
    disk: DEFAULT_DISK,
    costs: { ...DEFAULT_COSTS, switchNs: 0 },
    apps: [app],
  };
}

/** What `run` gives back: the kernel after its run, its report, and the policy instances it was given (by application). */
export interface KernelRun {
  readonly kernel: Kernel;
  readonly report: RunReport;
  readonly pagers: readonly PagerPolicy[];
  readonly schedulers: readonly SchedulerPolicy[];
}

/** Run with the invariant checks on; throws if they fail, so every example is also a check. */
export function run(cfg: MachineConfig): KernelRun {
  const pagers: PagerPolicy[] = [];
  const schedulers: SchedulerPolicy[] = [];
  const kernel = new Kernel(cfg, {
    createPager: (choice) => {
      const pager = createPager(choice);
      pagers.push(pager);
      return pager;
    },
    createScheduler: (choice) => {
      const scheduler = createScheduler(choice);
      schedulers.push(scheduler);
      return scheduler;
    },
  });
  const report = kernel.run({ check: true });
  if (!report.check.ok) throw new Error(`kernel check failed: ${JSON.stringify(report.check)}`);
  return { kernel, report, pagers, schedulers };
}

/** Whether page `vpn` of the (first) application is resident at the end of the run. */
export function resident(kernel: Kernel, vpn: number, app = 0): boolean {
  return kernel.mapping(app, vpn)?.present ?? false;
}

/** The sorted resident pages of the (first) application at the end of the run. */
export function residentPages(kernel: Kernel, app = 0): number[] {
  const out: number[] = [];
  for (const region of kernel.config.apps[app]!.regions) {
    for (let vpn = region.startVpn; vpn < region.startVpn + region.pages; vpn++)
      if ((kernel.mapping(app, vpn)?.frame ?? -1) >= 0) out.push(vpn);
  }
  return out.sort((a, b) => a - b);
}

/** A thread reading the pages of a reference string (textbook notation). */
export function reads(pages: readonly number[]): ThreadDef {
  return { ops: pages.map(read) };
}

/** Completion time of each thread of the (first) application, in ms. */
export function finishMs(kernel: Kernel, app = 0): number[] {
  return kernel.apps[app]!.threads.map((t) => t.finishedAt / MS);
}
