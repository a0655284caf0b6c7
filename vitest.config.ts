import os from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Brings dist/ up to date with the sources (the workers and the package test run it).
    globalSetup: ["test/global-setup.ts"],
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
