/**
 * The containment matrix in the test suite: every exercise in every placement stops where its
 * header says, the kernel's invariants hold with nothing lost, the host is alive, and the
 * exercise's own checks hold. The QuickJS placements are split into parts so that vitest runs
 * them in parallel; the V8 placements (native, server) run in one file of their own, where both
 * share each exercise's preparation (the same checked code with fuel checks).
 */
import { afterAll, describe, expect, it } from "vitest";
import { stopTypeCheckWorker } from "../../extensions/check/timeout.js";
import { loadCatalogue, runExercise } from "../../extensions/exercise/index.js";
import type { PreparedWithLocations } from "../../extensions/loader/index.js";
import type { ExtensionRejected } from "../../extensions/diagnostics.js";
import { MODE_NAMES, PLACEMENTS, type ModeName } from "../../extensions/loader/modes.js";
import { formatComparison } from "../../render/extension-report.js";

export const PARTS = 3;

/** The placements that run in QuickJS (the parts), and those that run in V8 (one file). */
export const QUICKJS_MODES = MODE_NAMES.filter((m) => PLACEMENTS[m].engine === "quickjs");
export const V8_MODES = MODE_NAMES.filter((m) => PLACEMENTS[m].engine !== "quickjs");

export function matrixPart(part: number, parts = PARTS, modes: readonly ModeName[] = QUICKJS_MODES): void {
  const all = loadCatalogue();
  const mine = all.filter((_, i) => i % parts === part);

  describe(`containment matrix [${modes.join(", ")}], part ${part + 1}/${parts}`, () => {
    afterAll(() => stopTypeCheckWorker());
    for (const ex of mine) {
      const prepared = new Map<string, readonly PreparedWithLocations[] | ExtensionRejected>();
      for (const mode of modes) {
        it(`${ex.name} [${mode}]: ${ex.expected[mode]}`, async () => {
          const cell = await runExercise(ex, mode, { renderReport: formatComparison, prepared });
          const why = `${cell.outcome.label}: ${cell.outcome.message ?? ""}`;
          expect(cell.outcome.stop, why).not.toBe("ESCAPED");
          expect(cell.asExpected, `expected ${cell.expected}, got ${why}`).toBe(true);
          expect(cell.kernelCheckOk, "report.check.ok").not.toBe(false);
          expect(cell.hostAlive).toBe(true);
          for (const c of cell.checks) expect(c.ok, `${c.name}: ${c.detail}`).toBe(true);
          // A stop at run time has a position in the exercise's TypeScript source.
          if (
            /^(stopped|refused|contained: exception)/.test(cell.outcome.stop) &&
            cell.outcome.code !== "module evaluation"
          ) {
            expect(cell.outcome.where, why).toMatch(new RegExp(`^${ex.file.replace(/[.]/g, "\\.")}:\\d+:\\d+$`));
          }
        });
      }
    }
  });
}
