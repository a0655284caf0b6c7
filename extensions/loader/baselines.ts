/**
 * The baselines `spin load` compares an extension's run with: the scenario's own policies, the
 * built-in policy the user names (`--pager`, `--scheduler`: applied to every application in both
 * runs, so the two runs differ only by the extensions), or every built-in pager or scheduler in
 * turn (`--compare-all`).
 */
import type { MachineConfig } from "../../kernel/config.js";
import { pagers, schedulers } from "../../policies/index.js";
import { withOverrides } from "../../workloads/index.js";
import type { LoadOptions } from "./load-options.js";
import { runBaseline } from "./supervised-load.js";

export type BuiltinKind = "pagers" | "schedulers";

/** A run with one built-in policy, reduced to what a ranking shows. */
export interface BuiltinRun {
  readonly policy: string;
  readonly simulatedNs: number;
  readonly faults: number;
  readonly majorFaults: number;
  readonly evictions: number;
  readonly writeBacks: number;
  readonly checkOk: boolean;
}

/** `config` run once with each built-in policy of `kind` for every application, in the registry's order. */
export function runEveryBuiltin(
  config: MachineConfig,
  kind: BuiltinKind,
  options: Pick<LoadOptions, "check"> = {},
): BuiltinRun[] {
  const names = Object.keys(kind === "pagers" ? pagers : schedulers);
  return names.map((policy) => {
    const report = runBaseline(withOverrides(config, kind === "pagers" ? { pager: policy } : { scheduler: policy }), {
      check: options.check ?? false,
    });
    return {
      policy,
      simulatedNs: report.simulatedNs,
      faults: report.totals.faults,
      majorFaults: report.totals.majorFaults,
      evictions: report.totals.evictions,
      writeBacks: report.totals.writeBacks,
      checkOk: report.check.ok,
    };
  });
}
