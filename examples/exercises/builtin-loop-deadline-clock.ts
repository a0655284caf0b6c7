/**
 * EXERCISE: builtin-loop-deadline-clock
 * Class: nondeterminism
 * Tries: the deadline as a clock without any special builtin: each call runs a loop of
 *   `"ab".repeat(2^20).indexOf("c")` (every call bounded, ~1 ms of native work for 1 fuel unit),
 *   20 more iterations on each call. Fuel never runs out; the 1000 ms deadline does, at a call
 *   that depends on the machine's load, and everything after differs (timeout, violation count,
 *   unload time): same seed, different bytes (native: 3 distinct outputs in 4 runs).
 * Defence: none in the V8 placements (docs/EXERCISES.md "Left open" bounds each call's work, not
 *   the deadline's observability). Either charge length-proportional builtin work as fuel (as the
 *   QuickJS prelude's burn does) so fuel, not the deadline, ends such a call, or make a deadline
 *   fault not observable in the report (e.g. replay it as a budget fault at a fuel-determined point).
 * Fixed: the V8 placements' string wrappers charge their work as fuel before the builtin runs
 *   (a character in 4 of the receiver or result: sandbox/native/builtin-fuel.ts): repeat and
 *   indexOf of 2^21 characters cost ~1M units, so fuel ends the call, at the same call every run
 *   (a server's string bound, 2^19, refuses the repeat: a RangeError, every run).
 * Expected: stopped: budget
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

const calls: number[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      calls.push(0);
      let sink = 0;
      for (let i = 0; i < calls.length * 20; i++) sink += "ab".repeat(1 << 20).indexOf("c");
      const first = args.resident[sink === 0 ? 1 : 0];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
