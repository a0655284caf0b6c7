/**
 * Defaults and command-line overrides shared by scenario files and bare traces, so that both
 * routes produce the same MachineConfig for the same intent.
 */
import type { MachineConfig, PolicyChoice } from "../kernel/config.js";
import { WorkloadError } from "./errors.js";
import { MAX_FRAMES, MAX_SEED } from "./limits.js";

export const DEFAULT_FRAMES = 64;
export const DEFAULT_SEED = 0;
export const DEFAULT_PAGER = "clock";
export const DEFAULT_SCHEDULER = "rr";

/** What a user may override from the command line, over whatever the scenario or trace says. */
export interface WorkloadOverrides {
  readonly frames?: number;
  readonly seed?: number;
  /** Replaces every application's pager. */
  readonly pager?: string | PolicyChoice;
  /** Replaces every application's thread scheduler. */
  readonly scheduler?: string | PolicyChoice;
}

export function policyChoice(choice: string | PolicyChoice): PolicyChoice {
  return typeof choice === "string" ? { name: choice } : choice;
}

/** Overrides come from code or flags, not from a file: their errors name the option instead. */
export function checkOverrides(overrides: WorkloadOverrides): void {
  const bad = (detail: string): never => {
    throw new WorkloadError("overrides", 0, 0, detail);
  };
  const { frames, seed, pager, scheduler } = overrides;
  if (frames !== undefined && (!Number.isSafeInteger(frames) || frames < 1 || frames > MAX_FRAMES)) {
    bad(`frames must be an integer from 1 to ${MAX_FRAMES}, got ${frames}`);
  }
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_SEED))
    bad(`seed must be an integer from 0 to ${MAX_SEED}, got ${seed}`);
  for (const [what, choice] of [
    ["pager", pager],
    ["scheduler", scheduler],
  ] as const) {
    if (choice === undefined) continue;
    const name = typeof choice === "string" ? choice : choice.name;
    if (typeof name !== "string" || name === "") bad(`${what} must be a non-empty policy name`);
  }
}

/**
 * `config` with the frames and policy overrides applied, as a scenario or trace loaded with them
 * would be (the seed is not here: it chooses what the generators produce, so it is applied while
 * loading). The one place overrides are applied: the readers end with it, and a sweep derives
 * each run's configuration from one load with it.
 */
export function withOverrides(config: MachineConfig, overrides: Omit<WorkloadOverrides, "seed">): MachineConfig {
  checkOverrides(overrides);
  const { frames, pager, scheduler } = overrides;
  if (frames === undefined && pager === undefined && scheduler === undefined) return config;
  return {
    ...config,
    frames: frames ?? config.frames,
    apps: config.apps.map((app) => ({
      ...app,
      pager: pager === undefined ? app.pager : policyChoice(pager),
      scheduler: scheduler === undefined ? app.scheduler : policyChoice(scheduler),
    })),
  };
}
