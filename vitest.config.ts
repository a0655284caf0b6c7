import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Test files that lock down their own process's realm (the native placement in process). */
const LOCKDOWN_FILES = [
  "test/loader/simulated-time.test.ts",
  "test/bench/placed.test.ts",
  "test/sandbox/log-position.test.ts",
];

/**
 * The longest files first, so that the last files to run are short ones and both forks end
 * together. Vitest orders by the durations it cached from the last run; without them (a fresh
 * clone: the cache is in node_modules) it runs larger files first, and the exercise matrix's
 * parts, the longest files of the suite, are three-line files: they ran last, and one fork ran
 * the last part alone while the other waited. Here a part with no cached duration runs first.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const unknownMatrixPart = (f: TestSpecification): boolean =>
      /^test\/exercises\/matrix-\d+\.test\.ts$/.test(path.relative(this.ctx.config.root, f.moduleId)) &&
      this.ctx.cache.getFileTestResults(`${f.project.name}:${path.relative(this.ctx.config.root, f.moduleId)}`) ===
        undefined;
    return [...sorted.filter(unknownMatrixPart), ...sorted.filter((f) => !unknownMatrixPart(f))];
  }
}

export default defineConfig({
  test: {
    // In order: the guest-side JavaScript embedded as the build does it (a test never runs stale
    // guest code), then dist/ brought up to date with the sources (the workers and the package
    // test run it).
    globalSetup: ["scripts/embed-guest.mjs", "test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    sequence: { sequencer: LongestFirst },
    // Every core (vitest's default leaves one to itself: on 2 cores, one file at a time).
    maxWorkers: os.availableParallelism(),
    // Test files share their fork's modules: TypeScript's libraries, QuickJS's compiled module and
    // the warmed type checkers load once per fork instead of once per file. No test relies on a
    // fresh module state (those that change process state put it back). The type check's worker
    // (extensions/check/timeout.ts) stays warm from file to file too: no file stops it when it
    // ends (a cold one costs a few tenths of a second of CPU, ~0.6 s without the check's startup
    // snapshot); a test that needs a fresh one stops it first, itself.
    isolate: false,
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: [...LOCKDOWN_FILES],
          setupFiles: ["test/setup/cpu-probe.ts", "test/setup/realm-unlocked.ts"],
        },
      },
      // Files that run the native placement in the test's own process: it locks the realm down
      // (SES lockdown freezes JSON, Date, the intrinsics), which must not outlive the file, so
      // each runs in a fork of its own.
      {
        extends: true,
        test: {
          name: "lockdown",
          include: [...LOCKDOWN_FILES],
          isolate: true,
          setupFiles: ["test/setup/cpu-probe.ts"],
        },
      },
    ],
  },
});
