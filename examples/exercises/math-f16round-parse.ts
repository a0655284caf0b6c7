/**
 * EXERCISE: math-f16round-parse
 * Class: unpolled C builtins
 * Tries: have QuickJS parse a long numeric string in C at every call of Math.f16round (ES2025,
 *   in this QuickJS 2025-09-13): the prelude converts the arguments of Math's functions once,
 *   charging a string a tick a character (red team 16's sort-comparator-tonumber), but its list
 *   (prelude.js mathNames) predates f16round and sumPrecise, so f16round converts its argument
 *   itself, ~24 ns a character, for the tick of the call. A string of 2^15 digits is made once
 *   (charged by repeat), then converted 2,000 times a call.
 * Defence: every function of Math converts its argument as Number does, a string charged by its
 *   length: the prelude wraps every function-valued own property of Math it finds at boot (the
 *   seeded random and sumPrecise, which converts nothing, left out by name), so f16round is
 *   wrapped, and test/sandbox/builtins-listed.test.ts fails on one left as it was. Before (red
 *   team 18, `spin exercise run findings/math-f16round-parse.ts --mode all --json --timing`):
 *   typed and sfi stopped: timeout (1000 ms at the handler, 46:5), the host watchdog killed a
 *   call (1,138-1,167 and 1,090-1,133 ms, two runs). Node 20 has no f16round: the `in` check is
 *   false in native and server, which do nothing (contained: deterministic).
 * Expected: stopped: budget
 * Expected-native: contained: deterministic
 * Check-native: deterministic
 * Expected-server: contained: deterministic
 * Check-server: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

// The ES2022 library the type check uses has no f16round: an `in` check reads it as unknown,
// `typeof` makes it a Function, which `call` calls.
function halfRounds(digits: string): number {
  let n = 0;
  if ("f16round" in Math) {
    const f = Math.f16round;
    if (typeof f === "function") {
      for (let i = 0; i < 2000; i++) {
        const r: unknown = f.call(Math, digits);
        if (typeof r === "number") n += r;
      }
    }
  }
  return n;
}

let digits = "";
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (digits.length === 0) digits = "1".repeat(1 << 15);
      sink += halfRounds(digits) > 0 ? 1 : 0;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
