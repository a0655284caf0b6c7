/**
 * An extension checked and compiled by an execution mode, as data: what the type check's worker
 * sends back to the thread that asked (check/worker.ts), and what the cache of prepared
 * extensions keeps (prepared-cache.ts). Made here, in the thread that holds the compiler; read
 * anywhere without it (`positionMapper` turns the positions back into a function).
 */
import type { Diagnostic } from "../diagnostics.js";
import type { PositionMapData } from "../positions.js";
import { locateAll, type HandlerLocations } from "./locate.js";
import type { ModeSpec } from "./mode-names.js";
import { modeFromSpec } from "./modes.js";
import type { RecentChecks } from "../check/pipeline.js";

export interface PreparedData {
  readonly js: string;
  readonly statsLine: string;
  readonly warnings: readonly Diagnostic[];
  readonly listing: { readonly header: string; readonly code: string };
  readonly positions: PositionMapData;
  readonly locations: HandlerLocations;
}

/**
 * `modeFromSpec(spec).prepare(...)` as data, with the handlers' positions; with `recentChecks`,
 * a check made for another placement is not made again. Throws ExtensionRejected.
 */
export function prepareAsData(
  spec: ModeSpec,
  file: string,
  text: string,
  apiDeclarationFile: string,
  recentChecks?: RecentChecks,
): PreparedData {
  const p = modeFromSpec(spec).prepare(file, text, { apiDeclarationFile, ...(recentChecks ? { recentChecks } : {}) });
  return {
    js: p.js,
    statsLine: p.statsLine,
    warnings: p.warnings,
    listing: p.listing,
    positions: p.positions,
    locations: locateAll(text),
  };
}
