/**
 * Placements (execution modes): what the loader trusts about an extension's code, and where that
 * code runs. The rest of the loader only sees a `PreparedExtension` (JavaScript to run plus a way
 * back to the author's positions) and the placement's engine (mode-names.ts, `PLACEMENTS`), so a
 * placement plugs in here without touching it. This registry is the one list of placements:
 * `--mode` of `spin load`, `spin check` and `spin exercise run` offers exactly its names, and docs/PLACEMENTS.md describes each.
 *
 * - `typed`: the TypeScript type check against the generated API and the verifier must pass;
 *   the transpiled code then runs as is. Capability handles cannot be forged because the types and
 *   the verifier forbid it, and the kernel's validators check every result anyway.
 * - `sfi` (modes/sfi.ts): does not rely on the type check for safety; rewrites the code with
 *   run-time checks (software fault isolation in the Wahbe et al. sense, docs/SFI.md).
 * - `native` and `server` (modes/v8.ts): checked as typed, then run in V8 with fuel checks: in
 *   the kernel's own engine (SPIN's model) or in a worker thread of their own (a microkernel's
 *   server behind IPC).
 */
import { loadCheckedExtension } from "../check/pipeline.js";
import {
  BROWSER_MODES,
  CROSSING_COSTS,
  DEFAULT_MODE,
  MODE_NAMES,
  PLACEMENTS,
  PLACEMENT_NAMES,
  isModeName,
  type ModeName,
  type PlacementFacts,
  type PlacementName,
  type ModeSpec,
} from "./mode-names.js";
import { rewriteCountingFuel } from "../sfi/fuel-count.js";
import type { ExecutionMode } from "./modes/mode.js";
import { createSfiMode, sfiMode } from "./modes/sfi.js";
import { nativeMode, serverMode } from "./modes/v8.js";

export type { ExecutionMode, PrepareContext, PreparedExtension } from "./modes/mode.js";

export const typedMode: ExecutionMode = {
  name: "typed",
  description:
    "type check against the extension API + verifier must pass; runs the transpiled code, its fuel counted (never limited) for simulated time",
  spec: { name: "typed" },
  prepare(file, source, context) {
    const checked = loadCheckedExtension(
      file,
      source,
      { apiDeclarationFile: context.apiDeclarationFile },
      context.recentChecks,
    );
    // The exact work count simulated time charges (issue 11): the fuel pass, counting only.
    const counted = rewriteCountingFuel(file, source);
    return {
      js: counted.js,
      mapPosition: counted.mapPosition,
      positions: counted.positions,
      statsLine: checked.statsLine,
      warnings: [],
      listing: {
        header: `transpiled by typed mode (${checked.statsLine}); fuel counted at every loop back-edge and function entry, never a limit; the ${counted.runtimeLines}-line runtime (sandbox/guest/sfi-runtime.js) runs before it`,
        code: counted.body,
      },
    };
  },
};

/** Modes by name: one for each of MODE_NAMES (mode-names.ts), no other. */
export const executionModes: Readonly<Record<ModeName, ExecutionMode>> = {
  typed: typedMode,
  sfi: sfiMode,
  native: nativeMode,
  server: serverMode,
};

export {
  BROWSER_MODES,
  CROSSING_COSTS,
  DEFAULT_MODE,
  MODE_NAMES,
  PLACEMENTS,
  PLACEMENT_NAMES,
  isModeName,
  type ModeName,
  type PlacementFacts,
  type PlacementName,
};

/** The placement of a mode by its name (a mode made by `createSfiMode` is still `sfi`). */
export function placementOf(mode: Pick<ExecutionMode, "name">): PlacementFacts {
  if (!isModeName(mode.name)) throw new Error(`internal: no placement named ${JSON.stringify(mode.name)}`);
  return PLACEMENTS[mode.name];
}

/** The mode named `name`, sized for a budget of `budgetPolls` when given (see `ExecutionMode.forBudget`). */
export function modeNamed(name: ModeName, budgetPolls?: number): ExecutionMode {
  const mode = executionModes[name];
  return budgetPolls !== undefined && mode.forBudget !== undefined ? mode.forBudget(budgetPolls) : mode;
}

/** The mode a spec describes (`ExecutionMode.spec`): how the type check's worker makes the caller's mode. */
export function modeFromSpec(spec: ModeSpec): ExecutionMode {
  return spec.name === "sfi" ? createSfiMode(spec.options) : executionModes[spec.name];
}
