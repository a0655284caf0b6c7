import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The guest-side JavaScript, embedded as the build does it (a test never runs stale guest code).
    globalSetup: ["scripts/embed-guest.mjs"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
