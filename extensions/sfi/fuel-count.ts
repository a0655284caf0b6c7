/**
 * SFI's fuel pass in counting mode, for the placements whose own meter is not an exact count
 * (`typed` runs in QuickJS, whose interrupt polls come every 10,000 ticks and carry over between
 * calls). Simulated time charges an extension's work in fuel units counted the same way in every
 * placement (docs/MACHINE.md, "Extensions in simulated time"): one unit per loop back-edge and
 * per function entry of the extension's own code. So a typed extension is rewritten with the fuel
 * pass alone, starting from a count no run reaches (Number.MAX_SAFE_INTEGER: 2^53 decrements),
 * so that it never stops anything: typed mode's limits stay its interrupt budget, deadline and
 * memory. The runtime's handler wrapper reports each invocation's units to the `sfiFuel` host
 * function, as in SFI mode. Nothing else of SFI is inserted (no heap, capability or control
 * checks; the strings pass's checks and the throw sites come with fuel); the verifier and the
 * type check remain what typed mode trusts.
 */
import { isStackOverflow, stackOverflowDiagnostic } from "../check/nesting.js";
import { ExtensionRejected } from "../diagnostics.js";
import { rewriteExtension, type SfiRewrite } from "./rewrite.js";

/** Where a counting run starts: never reached, so never a limit. */
export const COUNTING_FUEL = Number.MAX_SAFE_INTEGER;

/** `source` with fuel counted at every loop back-edge and function entry, for QuickJS (an ES module with SFI's runtime before it). */
export function rewriteCountingFuel(file: string, source: string): SfiRewrite {
  try {
    return rewriteExtension(file, source, {
      passes: { heap: false, capability: false, control: false, fuel: true },
      // No heap pass: the runtime's segment is never used, so it takes one element.
      heapSize: 1,
      fuel: COUNTING_FUEL,
    });
  } catch (e) {
    if (isStackOverflow(e))
      throw new ExtensionRejected([stackOverflowDiagnostic(file, source, "the fuel count")], file);
    throw e;
  }
}
