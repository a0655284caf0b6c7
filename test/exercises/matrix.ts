/**
 * The containment matrix in the test suite: every exercise in every available mode stops where
 * its header says, the kernel's invariants hold with nothing lost, the host is alive, and the
 * exercise's own checks hold. Split into parts so that vitest runs them in parallel.
 */
import { afterAll, describe, expect, it } from "vitest";
import { stopTypeCheckWorker, typeCheckWorkerScript } from "../../extensions/check/timeout.js";
import { loadCatalogue, runExercise } from "../../extensions/exercise/index.js";
import { MODE_NAMES } from "../../extensions/loader/modes.js";
import { EVENT_TIMEOUT_FACTOR, GRACE_MS } from "../../extensions/loader/index.js";
import { DEFAULT_LIMITS } from "../../sandbox/limits.js";
import { formatComparison } from "../../cli/format/extension-report.js";

/**
 * No guest call may hold the host longer than the longest deadline a call can have (a batch of
 * handlers is capped by its event's time, EVENT_TIMEOUT_FACTOR × the timeout) plus the host
 * watchdog's grace. A timing figure: asserted against the bound, never an exact value.
 */
const LONGEST_CALL_BOUND_MS = EVENT_TIMEOUT_FACTOR * DEFAULT_LIMITS.timeoutMs + GRACE_MS;

export const PARTS = 3;

export function matrixPart(part: number): void {
  const all = loadCatalogue();
  const mine = all.filter((_, i) => i % PARTS === part);
  const modes = MODE_NAMES;

  describe.skipIf(typeCheckWorkerScript() === undefined)(`containment matrix, part ${part + 1}/${PARTS}`, () => {
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
          if (cell.longestCallMs !== null) expect(cell.longestCallMs, "the longest guest call (ms)").toBeLessThanOrEqual(LONGEST_CALL_BOUND_MS);
          // A stop at run time has a position in the exercise's TypeScript source.
          if (/^(stopped|refused|contained: exception)/.test(cell.outcome.stop) && cell.outcome.code !== "module evaluation") {
            expect(cell.outcome.where, why).toMatch(new RegExp(`^${ex.file.replace(/[.]/g, "\\.")}:\\d+:\\d+$`));
          }
        });
      }
    }
  });
}
