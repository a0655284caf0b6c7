import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkPolicyChoice } from "../../policies/index.js";
import { loadWorkload } from "../../workloads/index.js";
import type { MachineConfig } from "../../kernel/config.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const API = path.join(ROOT, "extensions/api/extension.d.ts");
export const LOADER = path.join(ROOT, "extensions/loader/index.ts");
export const loaderExists = fs.existsSync(LOADER);

/** Paths relative to the repository root, as a user types them (and as reports show them). */
export const rel = (p: string): string => path.relative(ROOT, path.join(ROOT, p));
export const abs = (p: string): string => path.join(ROOT, p);

export function scenario(name: string, overrides: Parameters<typeof loadWorkload>[1] = {}): MachineConfig {
  return loadWorkload(abs(`examples/scenarios/${name}.json`), overrides, checkPolicyChoice);
}

/** The `line` of the first line of `file` that contains `marker` (1-based). */
export function lineOf(file: string, marker: string): number {
  const lines = fs.readFileSync(abs(file), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`${file}: no line contains ${JSON.stringify(marker)}`);
  return i + 1;
}

export const GOOD = [
  "examples/pagers/fifo.ts",
  "examples/pagers/clock.ts",
  "examples/pagers/loop-aware.ts",
  "examples/schedulers/priority.ts",
  "examples/prefetch/sequential.ts",
  "examples/reclaim/own-victim.ts",
  "examples/crosstalk/greedy.ts",
  "examples/crosstalk/polite.ts",
  "examples/faults/user-handler.ts",
  // Several handlers on one event (an array), as docs/SANDBOX.md documents: the typed API allows it.
  "examples/faults/eight-handlers.ts",
] as const;

export const RUNTIME_BROKEN = [
  "examples/broken/infinite-loop.ts",
  "examples/broken/memory-bomb.ts",
  "examples/broken/deep-recursion.ts",
  "examples/broken/thrown-string.ts",
  "examples/broken/unresolved-promise.ts",
] as const;

/** `config` with extension work free in simulated time (kernel/config.ts, withFreeExtensions). */
export { withFreeExtensions as freeExtensions } from "../../kernel/config.js";
