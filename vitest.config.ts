import os from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
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
    // fresh module state (those that change process state put it back).
    isolate: false,
  },
});
