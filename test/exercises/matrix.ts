/**
 * The containment matrix in the test suite: every exercise in every placement stops where its
 * header says, the kernel's invariants hold with nothing lost, the host is alive, and the
 * exercise's own checks hold. The exercises are split into parts (one test file each) so that
 * vitest runs them on every core; each part runs its exercises in all four placements, one after
 * the other, so that the V8 placements (native, server) share each exercise's preparation (the
 * same checked code with fuel checks) and a type check refused once is refused again at once
 * (extensions/check/timeout.ts) instead of in a second process.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalogue, runExercise } from "../../extensions/exercise/index.js";
import { SimulationPool, type PreparedWithLocations } from "../../extensions/loader/index.js";
import type { ExtensionRejected } from "../../extensions/diagnostics.js";
import { MODE_NAMES, type ModeName } from "../../extensions/loader/modes.js";
import { formatComparison } from "../../render/extension-report.js";

/** How many test files (matrix-1.test.ts … matrix-6.test.ts) share the exercises. */
export const PARTS = 6;

export function matrixPart(part: number, parts = PARTS, modes: readonly ModeName[] = MODE_NAMES): void {
  const all = loadCatalogue();
  const mine = all.filter((_, i) => i % parts === part);

  describe(`containment matrix [${modes.join(", ")}], part ${part + 1}/${parts}`, () => {
    // The part's runs in QuickJS placements share warm simulation workers, as `spin exercise run` does.
    const pool = new SimulationPool();
    afterAll(() => pool.close());
    if (part === 0)
      it(`the ${parts} parts cover every exercise: a test file for each (matrix-1.test.ts … matrix-${parts}.test.ts)`, () => {
        const here = path.dirname(fileURLToPath(import.meta.url));
        const files = fs.readdirSync(here).filter((f) => /^matrix-\d+\.test\.ts$/.test(f));
        expect(files.sort()).toEqual(Array.from({ length: parts }, (_, i) => `matrix-${i + 1}.test.ts`).sort());
      });
    for (const ex of mine) {
      const prepared = new Map<string, readonly PreparedWithLocations[] | ExtensionRejected>();
      for (const mode of modes) {
        it(`${ex.name} [${mode}]: ${ex.expected[mode]}`, async () => {
          const cell = await runExercise(ex, mode, { renderReport: formatComparison, prepared, pool });
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
