/**
 * What is asked of the loader for one extension, and what a prepared one is, apart from how it is
 * prepared (in this thread: prepare.ts; in the type check's worker: prepare-in-worker.ts).
 */
import type { MachineConfig } from "../../kernel/config.js";
import { visible } from "../visible.js";
import type { PreparedExtension } from "./attach.js";
import { ExtensionInputError } from "./errors.js";
import type { HandlerLocations } from "./locate.js";

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
