/**
 * The main thread's half of loading an extension: find its application, read the file, run the
 * time-limited type check (against type-level bombs), then the execution mode's checks and
 * compilation (throws ExtensionRejected), and locate its handlers in the source. What comes out
 * is attached to a kernel in this thread (load.ts) or sent to the simulation worker
 * (supervised-run.ts), which needs no TypeScript compiler.
 */
import type { MachineConfig } from "../../kernel/config.js";
import { ensureTypeCheckFinishes } from "../check/time-limit.js";
import { locator } from "./attach.js";
import { typedMode, type ExecutionMode } from "./modes.js";
import { apiDeclarationFile } from "./paths.js";
import { locateAll } from "./locate.js";
import { extensionFromText, readExtension } from "./source.js";
import { extensionApp, type ExtensionRequest, type PreparedWithLocations } from "./request.js";

export type { ExtensionRequest, PreparedWithLocations };
export { extensionApp };

/** Check and compile one extension for a run of `config`. */
export async function prepareExtension(
  config: Pick<MachineConfig, "name" | "apps">,
  request: ExtensionRequest,
  mode: ExecutionMode = typedMode,
  typeCheckLimitMs?: number,
): Promise<PreparedWithLocations> {
  const appName = extensionApp(config, request);
  const source =
    request.source !== undefined ? extensionFromText(request.file, request.source) : readExtension(request.file);
  const api = apiDeclarationFile();
  await ensureTypeCheckFinishes(source.file, source.text, { apiDeclarationFile: api }, typeCheckLimitMs);
  const prepared = mode.prepare(source.file, source.text, { apiDeclarationFile: api });
  const locations = locateAll(source.text);
  return {
    file: source.file,
    text: source.text,
    app: appName,
    mode: mode.name,
    js: prepared.js,
    statsLine: prepared.statsLine,
    mapPosition: prepared.mapPosition,
    locate: locator(locations),
    locations,
  };
}
