import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Test files that lock down their own process's realm (the native placement in process). */
const LOCKDOWN_FILES = [
  "test/loader/simulated-time.test.ts",
  "test/bench/placed.test.ts",
  "test/sandbox/log-position.test.ts",
  "test/sandbox/log-frames.test.ts",
  "test/sandbox/log-receiver.test.ts",
  "test/sandbox/guest-globals-frozen.test.ts",
  "test/sandbox/fault-kind.test.ts",
  "test/sandbox/object-key-walks.test.ts",
  "test/sandbox/iteration-charged.test.ts",
  "test/sandbox/promise-jobs.test.ts",
  "test/sandbox/builtins-charged.test.ts",
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
    // The threads pool serves only the lockdown files (below): one thread at a time, a new one
    // for each file (isolate: its realm is not the next file's).
    poolOptions: { threads: { maxThreads: 1, minThreads: 1, isolate: true } },
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
      // Files that run the native placement in the test's own thread: it locks the realm down
      // (SES lockdown freezes JSON, Date, the intrinsics), which must not outlive the file, so
      // each runs in a worker thread of its own (a realm of its own), in vitest's threads pool.
      // Another pool, not another group of the forks pool: vitest runs a pool's projects one after
      // the other (each waits for the last file of the one before), and the pools side by side.
      // As a second group of forks these files ran after every shared file had ended, two forks
      // for three files of ~45 s of CPU: one core idle for the tail of the run; here they run in
      // one thread next to the two forks, from the start.
      {
        extends: true,
        test: {
          name: "lockdown",
          include: [...LOCKDOWN_FILES],
          pool: "threads",
          setupFiles: ["test/setup/cpu-probe.ts", "test/setup/realm-fresh.ts"],
        },
      },
    ],
  },
});
