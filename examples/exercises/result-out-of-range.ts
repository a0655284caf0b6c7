/**
 * EXERCISE: result-out-of-range
 * Class: results that lie
 * Tries: prefetch 1,000 pages per fault, including negative and fractional page numbers, to
 *   flood the disk queue and read below the application's address space.
 * Defence: the kernel's result schema: at most 64 entries, each an integer ≥ 0 (pages outside
 *   the application's own ranges are then skipped by the kernel).
 * Expected: refused: kernel validation
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => {
      const prefetch: number[] = [-1, args.vpn + 0.5];
      for (let i = 1; i <= 1000; i++) prefetch.push(args.vpn + i);
      return { prefetch };
    },
  },
});
