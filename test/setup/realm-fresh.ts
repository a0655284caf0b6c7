/**
 * The lockdown files (vitest.config.ts) lock their thread's realm down, so each must start in a
 * thread of its own: a realm already locked down when a file starts means the threads pool ran
 * it after another file in the same thread (its `isolate` setting lost), and the file would test
 * a realm it did not set up. Tried: with `isolate: false`, the second file found it frozen.
 */
import { beforeAll } from "vitest";

beforeAll(() => {
  if (Object.isFrozen(Array.prototype) || Object.isFrozen(JSON))
    throw new Error(
      "this lockdown file started in a realm already locked down: vitest.config.ts must give each lockdown file a worker thread of its own (poolOptions.threads.isolate)",
    );
});
