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
import type { ExecutionMode } from "./modes/mode.js";
import { sfiMode } from "./modes/sfi.js";

export type { ExecutionMode, PrepareContext, PreparedExtension } from "./modes/mode.js";

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
