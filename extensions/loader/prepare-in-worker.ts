/**
 * Preparing an extension without the compiler in this thread: the mode's whole check and
 * compilation runs in the type check's worker under its time limit (check/time-limit.ts,
 * `prepareWithinLimit`) and comes back as data. The same result as `prepareExtension` (prepare.ts)
 * for a mode that has a spec, from one check instead of two and one load of the compiler instead
 * of two: what `spin load` and `spin check` use.
 */
import type { MachineConfig } from "../../kernel/config.js";
import { prepareWithinLimit } from "../check/time-limit.js";
import { positionMapper } from "../positions.js";
import { locator } from "./attach.js";
import type { ModeSpec } from "./mode-names.js";
import { apiDeclarationFile } from "./paths.js";
import type { PreparedData } from "./prepare-data.js";
import { applicationFor, type ExtensionRequest, type PreparedWithLocations } from "./request.js";
import { extensionFromText, readExtension, type ExtensionSource } from "./source.js";

/** The source of `request`: its text when the caller holds it, else its file (bounded, typed). */
export function requestSource(request: ExtensionRequest): ExtensionSource {
  return request.source !== undefined ? extensionFromText(request.file, request.source) : readExtension(request.file);
}

/** Check and compile `source` in the worker for the mode `mode` describes. Throws ExtensionRejected. */
export function prepareDataInWorker(
  source: ExtensionSource,
  mode: ModeSpec,
  typeCheckLimitMs?: number,
): Promise<PreparedData> {
  return prepareWithinLimit(
    source.file,
    source.text,
    mode,
    { apiDeclarationFile: apiDeclarationFile() },
    typeCheckLimitMs,
  );
}

/** `prepareExtension` for a mode given as data, checked and compiled in the worker. */
export async function prepareInWorker(
  config: Pick<MachineConfig, "name" | "apps">,
  request: ExtensionRequest,
  mode: ModeSpec,
  typeCheckLimitMs?: number,
): Promise<PreparedWithLocations> {
  const app = applicationFor(config, request);
  const source = requestSource(request);
  return withLocations(source, app, mode, await prepareDataInWorker(source, mode, typeCheckLimitMs));
}

/** The prepared extension the loader attaches, from its data. */
export function withLocations(
  source: ExtensionSource,
  app: string,
  mode: ModeSpec,
  data: PreparedData,
): PreparedWithLocations {
  return {
    file: source.file,
    text: source.text,
    app,
    mode: mode.name,
    js: data.js,
    statsLine: data.statsLine,
    mapPosition: positionMapper(data.positions),
    locate: locator(data.locations),
    locations: data.locations,
  };
}
