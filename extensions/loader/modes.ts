/**
 * Execution modes: what the loader trusts about an extension's code before running it in the
 * sandbox. The rest of the loader only sees a `PreparedExtension` (JavaScript to run plus a way
 * back to the author's positions), so a second mode plugs in here without touching it.
 *
 * - `typed` (now): the TypeScript type check against the generated API and the verifier must pass;
 *   the transpiled code then runs as is. Capability handles cannot be forged because the types and
 *   the verifier forbid it, and the kernel's validators check every result anyway.
 * - `sfi` (later): does not rely on the type check for safety; rewrites the code with run-time
 *   checks (software fault isolation in the Wahbe et al. sense) and would register itself here.
 */
import { loadCheckedExtension } from "../check/pipeline.js";
import type { PositionMapper } from "../../sandbox/handler.js";
import { sfiMode } from "./modes/sfi.js";

export interface PreparedExtension {
  /** The ES module the sandbox evaluates. */
  readonly js: string;
  /** Transpiled position → the TypeScript the author wrote. */
  readonly mapPosition: PositionMapper;
  /** What the load-time checks did, e.g. `processed 78 nodes, 25 rules, 0 diagnostics`. */
  readonly statsLine: string;
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
}

export const typedMode: ExecutionMode = {
  name: "typed",
  description: "type check against the extension API + verifier must pass; runs the transpiled code",
  prepare(file, source, context) {
    const checked = loadCheckedExtension(file, source, { apiDeclarationFile: context.apiDeclarationFile });
    return { js: checked.js, mapPosition: checked.mapPosition, statsLine: checked.statsLine };
  },
};

/** Modes by name. */
export const executionModes: Readonly<Record<string, ExecutionMode>> = { typed: typedMode, sfi: sfiMode };
