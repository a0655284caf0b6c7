/**
 * In the shared forks (vitest.config.ts: test files share their fork's modules), no file may leave
 * the realm locked down: SES lockdown (the native placement run in this thread) freezes JSON,
 * Date and every intrinsic for every file that runs after it in the same fork, and their mocks
 * and locale formatting then fail far from the cause. This names the file that did it.
 */
import { afterAll } from "vitest";

afterAll(() => {
  if (Object.isFrozen(Array.prototype) || Object.isFrozen(JSON))
    throw new Error(
      "this test file locked down the test process's realm (SES lockdown: the native placement in this thread); list it in LOCKDOWN_FILES in vitest.config.ts, which gives it a worker thread of its own",
    );
});
