/**
 * EXERCISE: load-time-bigint
 * Class: load-time code
 * Tries: compute for seconds while the module is evaluated, with no call, loop, getter or
 *   conversion: `no-top-level-side-effects` accepts operators at load, and a BigInt operator is
 *   unbounded work in C (one tick, no poll). Each line below multiplies two 480,000-bit numbers
 *   (about 0.6 s each on a loaded 2-core machine). `spin load` evaluates the module in the
 *   supervised worker, whose watchdog kills it (load/timeout), but `spin check` evaluates it on
 *   the main thread with no watchdog: with 30 such lines it printed `ok` after 19 s in both
 *   modes (the 1,000 ms deadline is checked only at polls, and there is none); a file of a few
 *   kilobytes (a hundred products per line) holds `spin check` for an hour, and `check` says `ok`
 *   to a file that `load` refuses.
 * Defence: the verifier (no-bigint, kept in SFI mode: no BigInt at all, at load or in a
 *   handler); behind it, `spin check` evaluates the module under the same host watchdog as
 *   `spin load`, so the two commands refuse alike (load/timeout) what the verifier lets through.
 * Expected: rejected: verifier (no-bigint)
 */
import { defineExtension } from "spin-kernel/extension";

const X = (1n << 480_000n) - 1n;
const Y1 = (X * X) >> 480_000n;
const Y2 = (X * X) >> 480_000n;
const Y3 = (X * X) >> 480_000n;
const Y4 = (X * X) >> 480_000n;
const Y5 = (X * X) >> 480_000n;
const Y6 = (X * X) >> 480_000n;
const Y7 = (X * X) >> 480_000n;
const Y8 = (X * X) >> 480_000n;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[Number(Y8 & 0n)];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
