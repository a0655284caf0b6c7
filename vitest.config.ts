import os from "node:os";
import { defineConfig } from "vitest/config";

/** Test files that lock down their own process's realm (the native placement in process). */
const LOCKDOWN_FILES = [
  "test/loader/simulated-time.test.ts",
  "test/bench/placed.test.ts",
  "test/sandbox/log-position.test.ts",
];

export default defineConfig({
  test: {
    // In order: the guest-side JavaScript embedded as the build does it (a test never runs stale
    // guest code), then dist/ brought up to date with the sources (the workers and the package
    // test run it).
    globalSetup: ["scripts/embed-guest.mjs", "test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
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
          setupFiles: ["test/setup/realm-unlocked.ts"],
        },
      },
      // Files that run the native placement in the test's own process: it locks the realm down
      // (SES lockdown freezes JSON, Date, the intrinsics), which must not outlive the file, so
      // each runs in a fork of its own.
      { extends: true, test: { name: "lockdown", include: [...LOCKDOWN_FILES], isolate: true } },
    ],
  },
});
