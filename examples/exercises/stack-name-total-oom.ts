/**
 * EXERCISE: stack-name-total-oom
 * Class: memory exhaustion
 * Tries: grow a string by a factor of ten a step with no `+` and no string builtin: an error's
 *   stack names each of its frames' functions, and a method keyed by a symbol is named by the
 *   symbol's description (`{ [Symbol(s)]() {} }` is `[s]`), any string the guest can make (the
 *   verifier refuses string-typed computed keys, not symbols). Ten frames named by a 2^19-character
 *   string make a 5.2 M-character stack (ten times a server's string bound); that stack names the
 *   next function, whose stack is ten times longer again: 52 M, then 520 M characters, each one
 *   allocation V8 makes in C++ while writing a stack, which no wrapper and no fuel sees.
 * Defence: the realm's prepareStackTrace (sandbox/native/bounded-stacks.ts, found by red team
 *   8's audit of the string builders) writes SES's text with each frame longer than 600
 *   characters cut in the middle (its position kept) and the header cut to the string bound: a
 *   stack stays under 7,000 characters whatever the names, and the handler goes on with it.
 *   QuickJS writes a function's name into a backtrace through a 64-byte buffer (its interrupt
 *   budget ends the call at the metered `repeat` first). Before (07:33
 *   UTC, a server, one step): a 5,243,028-character stack from a 524,272-character name. Since
 *   issue 10's symbol-description-copy a symbol's description is at most 1,024 characters (a
 *   RangeError when the symbol is made), so the V8 placements refuse the first `Symbol(name)`
 *   here; the stacks' cut is still what bounds a frame named by a long identifier of the
 *   module's text, and test/sandbox/bounded-results.test.ts names frames by 2^19-character
 *   string keys (plain JavaScript: the verifier refuses a string-typed computed key).
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

function stackOf(name: string): string {
  // A method keyed by a symbol is named `[description]`: each frame reads `at Object.[name]`.
  const key = Symbol(name);
  const o = {
    [key]: function (k: number): number {
      if (k > 0) return o[key](k - 1);
      throw new Error("x");
    },
  };
  try {
    o[key](20);
  } catch (e) {
    if (e instanceof Error) return e.stack ?? "";
  }
  return "";
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let s = "f".repeat((1 << 19) - 16);
      for (let i = 0; i < 3; i++) s = stackOf(s);
      const first = args.resident[s.length & 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
