/**
 * Execution modes: what the loader trusts about an extension's code before running it in the
 * sandbox. The rest of the loader only sees a `PreparedExtension` (JavaScript to run plus a way
 * back to the author's positions), so a mode plugs in here without touching it. This registry is
 * the one list of modes: `--mode` of `spin load`, `spin check` and `spin exercise run` offers
 * exactly its names.
 *
 * - `typed`: the TypeScript type check against the generated API and the verifier must pass;
 *   the transpiled code then runs as is. Capability handles cannot be forged because the types and
 *   the verifier forbid it, and the kernel's validators check every result anyway.
 * - `sfi` (modes/sfi.ts): does not rely on the type check for safety; rewrites the code with
 *   run-time checks (software fault isolation in the Wahbe et al. sense, docs/SFI.md).
 */
import { loadCheckedExtension } from "../check/pipeline.js";
import { DEFAULT_MODE, MODE_NAMES, isModeName, type ModeName, type ModeSpec } from "./mode-names.js";
import type { ExecutionMode } from "./modes/mode.js";
import { createSfiMode, sfiMode } from "./modes/sfi.js";

export type { ExecutionMode, PrepareContext, PreparedExtension } from "./modes/mode.js";

export const typedMode: ExecutionMode = {
  name: "typed",
  description: "type check against the extension API + verifier must pass; runs the transpiled code",
  spec: { name: "typed" },
  prepare(file, source, context) {
    const checked = loadCheckedExtension(file, source, { apiDeclarationFile: context.apiDeclarationFile });
    return {
      js: checked.js,
      mapPosition: checked.mapPosition,
      positions: checked.positions,
      statsLine: checked.statsLine,
      warnings: [],
      listing: { header: `transpiled by typed mode (${checked.statsLine}); it runs as it is`, code: checked.js },
    };
  },
};

/** Modes by name: one for each of MODE_NAMES (mode-names.ts), no other. */
export const executionModes: Readonly<Record<ModeName, ExecutionMode>> = { typed: typedMode, sfi: sfiMode };

export { DEFAULT_MODE, MODE_NAMES, isModeName, type ModeName };

/** The mode named `name`, sized for a budget of `budgetPolls` when given (see `ExecutionMode.forBudget`). */
export function modeNamed(name: ModeName, budgetPolls?: number): ExecutionMode {
  const mode = executionModes[name];
  return budgetPolls !== undefined && mode.forBudget !== undefined ? mode.forBudget(budgetPolls) : mode;
}

/** The mode a spec describes (`ExecutionMode.spec`): how the type check's worker makes the caller's mode. */
export function modeFromSpec(spec: ModeSpec): ExecutionMode {
  return spec.name === "typed" ? typedMode : createSfiMode(spec.options);
}
