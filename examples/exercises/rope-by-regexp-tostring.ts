/**
 * EXERCISE: rope-by-regexp-tostring
 * Class: memory exhaustion
 * Tries: rope-by-error-tostring's doubling through a builtin no wrapper bounds:
 *   RegExp.prototype.toString is generic (`"/" + ToString(this.source) + "/" +
 *   ToString(this.flags)`, any object will do) and V8 builds its result in C++ with an
 *   IncrementalStringBuilder, a rope of the parts. An object whose source and flags are both
 *   the last result doubles it each call, with no `+` for the strings pass to see: 9 calls from
 *   2^19 two-byte characters give a 2^28-character string for a handful of fuel units, and `===`
 *   of two of them makes V8 flatten one (512 MiB).
 * Defence: the realm's RegExp.prototype.toString reads `source` and `flags` once, as the
 *   builtin does, refuses a result past the realm's string bound before it is made and charges
 *   its length (sandbox/native/bounded-strings.ts, as Error.prototype.toString). QuickJS makes
 *   the string flat (its memory limit bounds it) and the prelude charges it by length.
 *   Before (redteam9, 08:1x-08:26 UTC): typed, sfi: stopped: budget; native: kernel down: heap
 *   in one run, stopped: timeout in another; server: ESCAPED (host abort), `spin load --mode
 *   server` exit 4.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

function rope(seed: string): string {
  const toText = /a/.toString;
  let s = seed;
  for (let j = 0; j < 9; j++) s = toText.call({ source: s, flags: s });
  return s;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const seed = "\u0100".repeat(1 << 19);
      const same = rope(seed) === rope(seed);
      const first = args.resident[same ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
