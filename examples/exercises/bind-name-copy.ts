/**
 * EXERCISE: bind-name-copy
 * Class: resource hog
 * Tries: grow a string six characters a step with no `+` and no string builtin: `bind` names
 *   what it makes `"bound " + name`, so a chain of binds, each of the last, names the n-th
 *   function with 6n characters, made by the engine where no wrapper of the string builtins sees
 *   it; reading the name (`charCodeAt`, O(1) and uncharged) makes V8 flatten it, a copy of 6n
 *   characters. n steps are ~3n^2 characters copied, and kept (each function holds its target and
 *   its name), for a few fuel units a step: 20,000 steps are 1.2 G characters.
 * Defence: the realm's Function.prototype.bind reads the name it made (its own data property)
 *   and refuses one past the string bound, charging its length (sandbox/native/bounded-strings.ts):
 *   the chain's fuel grows as its names do, and the budget ends it after ~1,100 binds. QuickJS
 *   makes each name flat when it binds (a copy, kept): its memory limit ended the chain. Since
 *   red team 18 (bound-args-copy) a bind is refused past 64 bound arguments, a chain's counted
 *   in and each bind one more (sandbox/limits.ts MAX_BOUND_ARGUMENTS), in every placement: the
 *   64th bind of the chain is a RangeError, long before its names are long (384 characters).
 *   Before (main at 19c3450): native, server: stopped: timeout (native: 2 calls killed by the
 *   watchdog); typed, sfi: stopped: memory; until red team 18: native, server stopped: budget,
 *   typed, sfi stopped: memory.
 * Expected: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let f = (): number => sink;
      for (let i = 0; i < 20000; i++) {
        f = f.bind(undefined);
        sink += f.name.charCodeAt(i % 6);
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
