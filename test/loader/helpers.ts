import path from "node:path";
import { fileURLToPath } from "node:url";
import { transpileExtension } from "../../extensions/transpile.js";
import type { ExecutionMode } from "../../extensions/loader/index.js";

export const here = path.dirname(fileURLToPath(import.meta.url));
export const fixture = (name: string): string => path.join(here, "fixtures", name);

/** A mode that skips every load-time check: the kernel's run-time checks are all that is left. */
export const uncheckedMode: ExecutionMode = {
  name: "unchecked",
  description: "test only: transpile without type check or verifier",
  prepare(file, source) {
    const out = transpileExtension(file, source);
    return {
      js: out.js,
      mapPosition: out.mapPosition,
      positions: out.positions,
      statsLine: "no checks",
      warnings: [],
      listing: { header: "transpiled, unchecked", code: out.js },
    };
  },
};
