import {
  DEFAULT_COSTS,
  DEFAULT_DISK,
  DEFAULT_QUANTUM_NS,
  type AppSpec,
  type MachineConfig,
  type ThreadSpec,
} from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { createPager, createScheduler } from "../../policies/index.js";
import { referenceString } from "../../kernel/workload.js";

export const policies = { createPager, createScheduler };

export function app(name: string, threads: ThreadSpec[], extra: Partial<AppSpec> = {}): AppSpec {
  return {
    name,
    priority: "low",
    pager: { name: "clock" },
    scheduler: { name: "rr" },
    regions: [{ startVpn: 0, pages: 1024, writable: true }],
    threads,
    ...extra,
  };
}

export function machine(apps: AppSpec[], frames: number, extra: Partial<MachineConfig> = {}): MachineConfig {
  return {
    name: "test",
    seed: 1,
    frames,
    quantumNs: DEFAULT_QUANTUM_NS,
    disk: DEFAULT_DISK,
    costs: DEFAULT_COSTS,
    apps,
    ...extra,
  };
}

/** Faults of one single-threaded application replaying a reference string. */
export function faultsFor(pager: string, pages: number[], frames: number): number {
  const config = machine(
    [app("a", [{ name: "t", priority: 0, ops: referenceString(pages) }], { pager: { name: pager } })],
    frames,
  );
  const report = new Kernel(config, policies).run({ check: true });
  if (!report.check.ok) throw new Error(`kernel check failed: ${JSON.stringify(report.check)}`);
  return report.totals.faults;
}
