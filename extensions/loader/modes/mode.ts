/**
 * What an execution mode is (modes.ts has the registry of them): it checks and compiles an
 * extension into a `PreparedExtension`, JavaScript to run plus a way back to the author's positions.
 */
import type { PositionMapper } from "../../../sandbox/handler.js";

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
