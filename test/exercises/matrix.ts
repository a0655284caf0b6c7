/**
 * The containment matrix in the test suite: every exercise in every available mode stops where
 * its header says, the kernel's invariants hold with nothing lost, the host is alive, and the
 * exercise's own checks hold. Split into parts so that vitest runs them in parallel.
 */
import { afterAll, describe, expect, it } from "vitest";
import { stopTypeCheckWorker } from "../../extensions/check/timeout.js";
import { loadCatalogue, runExercise } from "../../extensions/exercise/index.js";
import { MODE_NAMES } from "../../extensions/loader/modes.js";
import { formatComparison } from "../../render/extension-report.js";

export const PARTS = 3;

export function matrixPart(part: number): void {
  const all = loadCatalogue();
  const mine = all.filter((_, i) => i % PARTS === part);
  const modes = MODE_NAMES;

  describe(`containment matrix, part ${part + 1}/${PARTS}`, () => {
    afterAll(() => stopTypeCheckWorker());
    for (const ex of mine) {
      for (const mode of modes) {
        it(`${ex.name} [${mode}]: ${ex.expected[mode]}`, async () => {
          const cell = await runExercise(ex, mode, { renderReport: formatComparison });
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
