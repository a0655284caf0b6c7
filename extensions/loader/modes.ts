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
import type { Diagnostic } from "../diagnostics.js";
import type { PositionMapper } from "../../sandbox/handler.js";
import { DEFAULT_MODE, MODE_NAMES, isModeName, type ModeName } from "./mode-names.js";
import { sfiMode } from "./modes/sfi.js";

export interface PreparedExtension {
  /** The ES module the sandbox evaluates. */
  readonly js: string;
  /** Transpiled position → the TypeScript the author wrote. */
  readonly mapPosition: PositionMapper;
  /** What the load-time checks did, e.g. `processed 78 nodes, 25 rules, 0 diagnostics`. */
  readonly statsLine: string;
  /** Problems the mode accepted but the author should know of (SFI mode: type errors, rules it enforces at run time). */
  readonly warnings: readonly Diagnostic[];
  /**
   * The JavaScript the mode runs, for `spin check --emit`: `header` (how it was made) follows the
   * file name in the listing's first line; `code` is what the author should read (SFI mode leaves
   * out its runtime, which runs before it).
   */
  readonly listing: { readonly header: string; readonly code: string };
}

export interface PrepareContext {
  /** The `.d.ts` that `spin-kernel/extension` resolves to. */
  readonly apiDeclarationFile: string;
}

export interface ExecutionMode {
  readonly name: string;
  /** One line for `spin load --help` and reports. */
  readonly description: string;
  /**
   * Check and compile. Throws `ExtensionRejected` (from extensions/diagnostics.ts) with every
   * reason when the extension is refused.
   */
  prepare(file: string, source: string, context: PrepareContext): PreparedExtension;
  /**
   * The same mode with its own run-time limits sized for a sandbox budget of `polls` interrupt
   * polls (SFI mode's fuel runs out before the budget does). Absent when the mode adds no limit.
   */
  forBudget?(polls: number): ExecutionMode;
}

export const typedMode: ExecutionMode = {
  name: "typed",
  description: "type check against the extension API + verifier must pass; runs the transpiled code",
  prepare(file, source, context) {
    const checked = loadCheckedExtension(file, source, { apiDeclarationFile: context.apiDeclarationFile });
    return {
      js: checked.js,
      mapPosition: checked.mapPosition,
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
