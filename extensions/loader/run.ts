/** A whole run with extensions loaded: what `spin load` and the tests use. */
import type { MachineConfig } from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { createPager, createScheduler } from "../../policies/index.js";
import type { ExtensionReport } from "./account.js";
import { loadExtensions, type ExtensionRequest, type LoadOptions } from "./load.js";

export const builtinPolicies = { createPager, createScheduler };

export type ExtensionRunReport = RunReport & { readonly extensions: ExtensionReport[] };

export interface RunHooks {
  readonly onProgress?: (done: number, total: number) => void;
}

/** Build the machine, load the extensions into it, run it, and report both. */
export async function runWithExtensions(
  config: MachineConfig,
  requests: ExtensionRequest[],
  options: LoadOptions = {},
  hooks: RunHooks = {},
): Promise<ExtensionRunReport> {
  const kernel = new Kernel(config, builtinPolicies);
  const loaded = await loadExtensions(kernel, requests, options);
  try {
    const report = kernel.run({
      check: options.check ?? false,
      timing: options.timing ?? false,
      ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    });
    return { ...report, extensions: loaded.reports() };
  } finally {
    loaded.dispose();
  }
}

/** The same machine with the built-in policies only: the baseline `spin load` compares against. */
export function runBaseline(config: MachineConfig, options: Pick<LoadOptions, "check" | "timing"> = {}): RunReport {
  return new Kernel(config, builtinPolicies).run({ check: options.check ?? false, timing: options.timing ?? false });
}
