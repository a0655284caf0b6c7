/**
 * EXERCISE: regex-match-object-pattern
 * Class: nondeterminism
 * Tries: regex-backref-constructor without the constructor: String's `match` given an OBJECT
 *   whose Symbol.match is undefined and whose toString is the pattern. The wrapper checks only a
 *   primitive pattern; the builtin then makes the regex itself (RegExpCreate(ToString(p))), a
 *   backreference the linear engine cannot run, backtracking at 0 fuel once more each call until
 *   the deadline, at a call that depends on the machine's load. The object reaches a `string`
 *   slot through array covariance (no type assertion).
 * Defence: the pattern should be converted ONCE (ToString of any non-regex pattern) and checked.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

class Pattern {
  toString(): string {
    return "(a+)+\\1?$";
  }
}

const subject = "aaaaaaaaaaaaaaaaaaaaaaaab";
const calls: number[] = [];

function pattern(): string {
  const strings: string[] = [];
  const wide: (string | Pattern)[] = strings;
  wide.push(new Pattern());
  const p = strings[0];
  if (p === undefined) throw new Error("none");
  return p;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      calls.push(0);
      const p = pattern();
      let matched = "aab".match(p) !== null;
      for (let i = 0; i < calls.length; i++) matched = subject.match(p) !== null || matched;
      const first = args.resident[matched ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
