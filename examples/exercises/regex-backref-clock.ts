/**
 * EXERCISE: regex-backref-clock
 * Class: nondeterminism
 * Tries: red team 4's regex-deadline-clock with a backreference (red team 5): `/(a+)+\1?$/` over
 *   24 a's and a b, run once more on each call. V8's linear engine cannot run a backreference,
 *   so V8 never switches to it (sandbox/native/linear-regexp.ts) and the match backtracks ~1 s
 *   in native code at 0 fuel; which call first hits the 1000 ms deadline depends on the
 *   machine's load, so same-seed native runs differed.
 * Defence: the verifier's no-nonlinear-regexp rule refuses, at load time, a regex literal that
 *   V8's linear-time engine cannot run (asked of V8 itself: the pattern compiled with the `l`
 *   flag), in every placement, so the extension loads alike in all four.
 * Expected: rejected: verifier (no-nonlinear-regexp)
 */
import { defineExtension } from "spin-kernel/extension";

const subject = "aaaaaaaaaaaaaaaaaaaaaaaab";
const calls: number[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      calls.push(0);
      let matched = /(a+)+\1?$/.test("aab");
      for (let i = 0; i < calls.length; i++) matched = /(a+)+\1?$/.test(subject) || matched;
      const first = args.resident[matched ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
