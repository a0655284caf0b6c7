/**
 * EXERCISE: regex-backref-constructor
 * Class: nondeterminism
 * Tries: regex-backref-clock with the regex made at run time, `new RegExp("(a+)+\\1?$")`, where no
 *   load-time rule reads the pattern: a backreference the linear engine cannot run, so the match
 *   backtracks in native code at 0 fuel, once more on each call, until a call reaches the
 *   deadline at a point that depends on the machine's load.
 * Defence: V8 placements: the RegExp an extension's Compartment gets refuses, with a
 *   SyntaxError, a regex V8's linear-time engine cannot run (sandbox/native/bounded-strings.ts,
 *   asked of V8 with the `l` flag: linear-regexp.ts), as do String's match, matchAll and search
 *   of a string pattern: the constructor throws, every run. QuickJS's regex engine polls the
 *   budget while it backtracks.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

const subject = "aaaaaaaaaaaaaaaaaaaaaaaab";
const calls: number[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      calls.push(0);
      const clock = new RegExp("(a+)+\\1?$");
      let matched = clock.test("aab");
      for (let i = 0; i < calls.length; i++) matched = clock.test(subject) || matched;
      const first = args.resident[matched ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
