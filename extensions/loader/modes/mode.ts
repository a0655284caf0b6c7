/**
 * What an execution mode is (modes.ts has the registry of them): it checks and compiles an
 * extension into a `PreparedExtension`, JavaScript to run plus a way back to the author's positions.
 */
import type { Diagnostic } from "../../diagnostics.js";
import type { PositionMapper } from "../../../sandbox/handler.js";
import type { PositionMapData } from "../../positions.js";
import type { ModeSpec } from "../mode-names.js";
import type { RecentChecks } from "../../check/pipeline.js";

export interface PreparedExtension {
  /** The ES module the sandbox evaluates. */
  readonly js: string;
  /** Transpiled position → the TypeScript the author wrote. */
  readonly mapPosition: PositionMapper;
  /** The same mapping as data, for another thread or the cache of prepared extensions. */
  readonly positions: PositionMapData;
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
  /**
   * Checks already made (check/pipeline.ts): the type check's worker keeps them across its
   * requests, so that preparing one extension for several placements checks it once.
   */
  readonly recentChecks?: RecentChecks;
}

export interface ExecutionMode {
  readonly name: string;
  /** One line for `spin load --help` and reports. */
  readonly description: string;
  /**
   * The mode as data (its name and options), when `modeFromSpec` (modes.ts) makes the same mode
   * from it: then another thread (the type check's worker) can prepare for it, and a prepared
   * extension can be cached under it. Absent for a mode that cannot be described so.
   */
  readonly spec?: ModeSpec;
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
