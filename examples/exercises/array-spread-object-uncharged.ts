/**
 * EXERCISE: array-spread-object-uncharged
 * Class: resource hog
 * Tries: (to fill)
 * Defence: (to fill)
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const elements = new Array<number>(1 << 18).fill(1);
      for (let i = 0; i < 8; i++) {
        const copy = { ...elements };
        sink += copy[i] ?? 1;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
