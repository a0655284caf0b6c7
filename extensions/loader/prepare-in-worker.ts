/**
 * Preparing an extension without the compiler in this thread: the mode's whole check and
 * compilation runs in the type check's worker under its time limit (check/time-limit.ts,
 * `prepareWithinLimit`) and comes back as data. The same result as `prepareExtension` (prepare.ts)
 * for a mode that has a spec, from one check instead of two and one load of the compiler instead
 * of two: what `spin load` and `spin check` use.
 */
import type { MachineConfig } from "../../kernel/config.js";
import { DEFAULT_TYPECHECK_LIMIT_MS } from "../check/limits.js";
import { prepareWithinLimit } from "../check/time-limit.js";
import { positionMapper } from "../positions.js";
import { locator } from "./attach.js";
import type { ModeSpec } from "./mode-names.js";
import { apiDeclarationFile } from "./paths.js";
import type { PreparedData } from "./prepare-data.js";
import type { PreparedCache } from "./prepared-cache.js";
import { extensionApp, type ExtensionRequest, type PreparedWithLocations } from "./request.js";
import { extensionFromText, readExtension, type ExtensionSource } from "./source.js";

/** The source of `request`: its text when the caller holds it, else its file (bounded, typed). */
export function requestSource(request: ExtensionRequest): ExtensionSource {
  return request.source !== undefined ? extensionFromText(request.file, request.source) : readExtension(request.file);
}

/**
 * Check and compile `source` in the worker for the mode `mode` describes; with a cache, an
 * unchanged extension comes from it instead (prepared-cache.ts: the same result, validated).
 * Throws ExtensionRejected.
 */
export async function prepareDataInWorker(
  source: ExtensionSource,
  mode: ModeSpec,
  typeCheckLimitMs = DEFAULT_TYPECHECK_LIMIT_MS,
  cache?: PreparedCache,
): Promise<PreparedData> {
  const api = apiDeclarationFile();
  const key = cache?.key({ file: source.file, text: source.text, mode, typeCheckLimitMs, apiDeclarationFile: api });
  const hit = key === undefined ? undefined : cache?.read(key);
  if (hit !== undefined) return hit;
  const data = await prepareWithinLimit(source.file, source.text, mode, { apiDeclarationFile: api }, typeCheckLimitMs);
  if (key !== undefined) cache?.write(key, data);
  return data;
}

/** `prepareExtension` for a mode given as data, checked and compiled in the worker. */
export async function prepareInWorker(
  config: Pick<MachineConfig, "name" | "apps">,
  request: ExtensionRequest,
  mode: ModeSpec,
  typeCheckLimitMs?: number,
  cache?: PreparedCache,
): Promise<PreparedWithLocations> {
  const app = extensionApp(config, request);
  const source = requestSource(request);
  return withLocations(source, app, mode, await prepareDataInWorker(source, mode, typeCheckLimitMs, cache));
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
