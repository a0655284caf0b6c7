/**
 * The main thread's half of loading an extension: find its application, read the file, run the
 * time-limited type check (against type-level bombs), then the execution mode's checks and
 * compilation (throws ExtensionRejected), and locate its handlers in the source. What comes out
 * is attached to a kernel in this thread (load.ts) or sent to the simulation worker
 * (supervised-run.ts), which needs no TypeScript compiler.
 */
import type { MachineConfig } from "../../kernel/config.js";
import { ensureTypeCheckFinishes } from "../check/time-limit.js";
import { locator, type PreparedExtension } from "./attach.js";
import { ExtensionInputError } from "./errors.js";
import { typedMode, type ExecutionMode } from "./modes.js";
import { apiDeclarationFile } from "./paths.js";
import { extensionFromText, locateAll, readExtension, type HandlerLocations } from "./source.js";
import { visible } from "../visible.js";

export interface ExtensionRequest {
  /** The extension's TypeScript file. */
  file: string;
  /** Application name; default: the first application of the scenario. */
  app?: string;
  /** The extension's text, when the caller holds it (the playground's editor); default: read `file`. */
  source?: string;
}

/** A prepared extension with its handler positions as data (what the simulation worker gets). */
export interface PreparedWithLocations extends PreparedExtension {
  readonly text: string;
  readonly locations: HandlerLocations;
}

/**
 * The application `request` attaches to in `config`: the one it names, else the first; an
 * ExtensionInputError if there is no such application. A prepared extension can be reused for
 * another scenario with the application this gives for it (a sweep checks each extension once).
 */
export function extensionApp(config: Pick<MachineConfig, "name" | "apps">, request: ExtensionRequest): string {
  const appName = request.app ?? config.apps[0]?.name;
  if (appName === undefined || !config.apps.some((a) => a.name === appName)) {
    throw new ExtensionInputError(
      `${visible(request.file)}: no application named ${visible(JSON.stringify(appName) ?? "(none)")} in scenario ${visible(config.name)} (applications: ${config.apps.map((a) => visible(a.name)).join(", ")})`,
    );
  }
  return appName;
}

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
