/**
 * The `sfi` execution mode (software fault isolation, Wahbe et al. 1993): the extension is not
 * trusted because it type-checks. Type errors and the verifier rules the rewriter enforces at run
 * time become warnings; the code is rewritten with run-time checks (extensions/sfi/, docs/SFI.md)
 * and runs in the same QuickJS sandbox as typed mode.
 */
import { prepareSfi, type SfiPrepared } from "../../sfi/prepare.js";
import { resolveSfiOptions, fuelForBudget, type SfiOptionsInput } from "../../sfi/options.js";
import { isStackOverflow, stackOverflowDiagnostic } from "../../check/nesting.js";
import { ExtensionRejected } from "../../diagnostics.js";
import type { ExecutionMode, PrepareContext, PreparedExtension } from "./mode.js";

/**
 * SFI's checks and rewrite, with a stack overflow anywhere in them refused like the nesting
 * limit (its checks bound the nesting first; the rewrite is the most stack-hungry stage).
 */
function prepareBounded(
  file: string,
  source: string,
  context: PrepareContext,
  options: ReturnType<typeof resolveSfiOptions>,
): SfiPrepared {
  try {
    return prepareSfi(file, source, context.apiDeclarationFile, options, context.recentChecks);
  } catch (e) {
    if (isStackOverflow(e)) throw new ExtensionRejected([stackOverflowDiagnostic(file, source, "SFI's rewrite")], file);
    throw e;
  }
}

/** An SFI mode with the given options (passes on/off, heap variant, fuel). */
export function createSfiMode(input: SfiOptionsInput = {}): ExecutionMode {
  const options = resolveSfiOptions(input);
  const off = Object.entries(options.passes)
    .filter(([, on]) => !on)
    .map(([p]) => p);
  return {
    name: "sfi",
    spec: { name: "sfi", options: input },
    description: `software fault isolation: rewritten with run-time checks (heap ${options.heapMode}, capabilities, control flow, fuel)${off.length ? `; off: ${off.join(", ")}` : ""}`,
    prepare(file, source, context): PreparedExtension {
      const p = prepareBounded(file, source, context, options);
      return {
        js: p.js,
        mapPosition: p.mapPosition,
        positions: p.positions,
        statsLine: p.statsLine,
        warnings: p.warnings,
        listing: {
          header: `rewritten by SFI mode (${p.statsLine}); the ${p.runtimeLines}-line runtime (sandbox/guest/sfi-runtime.js) runs before it`,
          code: p.body,
        },
      };
    },
    forBudget(polls) {
      return createSfiMode({ ...input, fuel: fuelForBudget(polls) });
    },
  };
}

export { fuelForBudget };

export const sfiMode: ExecutionMode = createSfiMode();
