/**
 * EXERCISE: top-level-loop
 * Class: runaway loop
 * Tries: spin at module level, while the loader evaluates the extension, before any handler
 *   (and any per-invocation budget) exists.
 * Defence: the verifier's no-top-level-side-effects rule (module code may only declare);
 *   behind it, module evaluation runs under the same budget as a handler.
 * Expected: rejected: verifier (no-top-level-side-effects)
 */
import { defineExtension } from "spin-kernel/extension";

const table: number[] = [];
for (let i = 0; i >= 0; i++) table.push(i);

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[table.length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
