/**
 * EXERCISE: rope-enum-compare-clock
 * Class: unpolled C builtins
 * Tries: cons-string-compare-clock again, in QuickJS, where the strings pass does not look (an
 *   enum member's initializer inside a handler: extensions/sfi/passes/strings.ts returns every
 *   enum unvisited). Two 2^28-character ropes are doubled up with no __sfi_cat (so no tick per
 *   64 characters), then compared 40 times: each `===` walks the ropes in C with no interrupt
 *   poll, a few ticks of the loop each, so the host's clock (deadline or watchdog), not the
 *   interrupt budget, ends the call.
 * Defence: as rope-in-enum-initializer: the strings pass routes the enum initializer's `+`
 *   through __sfi_cat, so the doubling pays its length (QuickJS: the interrupt budget ends it;
 *   V8: refused past the string bound) before any comparison. Before (06:33 UTC, --timing):
 *   typed and sfi: "stopped: timeout (1000 ms at :20:5)", the host watchdog killed a call
 *   (1033 ms); native: the same, a deadline kill: the clock, not the budget.
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
          let same = 0;
          for (let k = 0; k < 40; k++) if (s === t) same++;
          return same & 1;
        })(),
      }
      const first = args.resident[Cmp.Same];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
