/**
 * EXERCISE: rope-in-enum-initializer
 * Class: memory exhaustion
 * Tries: rope-flatten-oom's doubling, written where the strings pass does not look. The pass
 *   (extensions/sfi/passes/strings.ts) returns an enum declaration unvisited ("an enum member's
 *   value is computed once, at load, from the module's own text"), but an enum may be declared
 *   inside a handler and a computed member's initializer may be any number-typed expression,
 *   an arrow called in place included: its `s = s + s` is never routed through __sfi_cat, so
 *   the 2^28-character rope is built for ~30 fuel units and `===` makes V8 flatten it.
 * Defence: the strings pass visits every expression, an enum member's initializer too (it once
 *   returned every enum unvisited); the initializer's `s + s` goes through __sfi_cat like any
 *   other: refused past the realm's string bound in the V8 placements (a RangeError), charged a
 *   tick per 64 characters past 262,144 in QuickJS, so the interrupt budget ends the doubling
 *   before the comparison. Before (06:25 UTC): typed, sfi: contained (QuickJS compared the
 *   ropes); native: kernel down: heap; server: the whole CLI aborted, FATAL "Reached heap
 *   limit" in String::SlowFlatten from Runtime_StringEqual (exit 134).
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      enum Cmp {
        Same = (() => {
          let s = "\u0100abcdefg";
          let t = "\u0100abcdefg";
          for (let j = 0; j < 25; j++) {
            s = s + s;
            t = t + t;
          }
          return s === t ? 0 : 1;
        })(),
      }
      const first = args.resident[Cmp.Same];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
