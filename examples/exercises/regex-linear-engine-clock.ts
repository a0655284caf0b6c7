/**
 * EXERCISE: regex-linear-engine-clock
 * Class: nondeterminism
 * Tries: a regex V8's linear-time engine CAN run, so every check passes (the verifier's
 *   no-nonlinear-regexp, the Compartment's RegExp): `(?:a|a|...|a)*$` with 1,000 alternatives,
 *   made by the constructor. On 1,000 a's and a b it backtracks past the fallback's 50,000 and
 *   V8 reruns it in the linear engine, which is linear in the subject but also in the pattern:
 *   O(subject x states), about 100 ms of native code at 0 fuel (1,000 x 10,000: 1 s; 5,000 x
 *   20,000: 23 s, measured in plain node with the kernel's flags). Run once more on each call,
 *   the call that first meets the 1000 ms deadline depends on the machine's load.
 * Defence: the size of a regex a V8 placement accepts should be bounded (its source length, or
 *   the linear engine's bytecode), or the subject length times the pattern length charged as
 *   fuel before the match.
 * Fixed: every match attempt (exec: test and the symbol methods call it) is charged as fuel
 *   before it runs, (subject characters from its start + 1) x (source length + 1) / 2
 *   (sandbox/native/builtin-fuel.ts): the budget stops the loop at the same call every run.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

const calls: number[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      calls.push(0);
      const subject = `${"a".repeat(1000)}b`;
      const clock = new RegExp(`(?:${"a|".repeat(999)}a)*$`);
      let matched = false;
      for (let i = 0; i < calls.length; i++) matched = clock.test(subject) || matched;
      const first = args.resident[matched ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
