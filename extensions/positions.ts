/**
 * The way back from a position in the JavaScript an extension runs (a QuickJS stack trace) to the
 * TypeScript its author wrote, as data: a source map, the lines of code the mode put before the
 * mapped code, and the lines a rewrite put after it for its checks' sites. Data, so that it can be
 * made where the extension is checked (the type check's worker), sent to another thread, and
 * kept in the cache of prepared extensions; `positionMapper` turns it back into the function the
 * sandbox calls. Needs no TypeScript compiler.
 */
import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";

/** A version 3 source map as JSON. */
export interface RawSourceMap {
  version: 3;
  file: string;
  sourceRoot?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

export interface PositionMapData {
  /** Maps the mapped code (the transpiled module) back to the source. */
  readonly map: RawSourceMap;
  /** Lines before the mapped code (SFI mode's runtime); positions there map to nothing. */
  readonly linesBefore: number;
  /** Lines from `siteLineBase` on are check sites: site i is at line `siteLineBase + i`. */
  readonly siteLineBase?: number;
  readonly sites?: readonly { readonly line: number; readonly column: number }[];
}

export type PositionMapper = (line: number, column: number) => { line: number; column: number } | undefined;

/** JS position (1-based line and column) → TypeScript position (1-based), if the data covers it. */
export function positionMapper(data: PositionMapData): PositionMapper {
  const tracer = new TraceMap(data.map);
  const { linesBefore, siteLineBase, sites } = data;
  return (line, column) => {
    if (!Number.isInteger(line) || !Number.isInteger(column) || line < 1 || column < 1) return undefined;
    if (siteLineBase !== undefined && line >= siteLineBase) {
      const s = sites?.[line - siteLineBase];
      return s === undefined ? undefined : { line: s.line, column: s.column };
    }
    if (line <= linesBefore) return undefined;
    const pos = originalPositionFor(tracer, { line: line - linesBefore, column: column - 1 });
    if (pos.line === null || pos.column === null) return undefined;
    return { line: pos.line, column: pos.column + 1 };
  };
}
