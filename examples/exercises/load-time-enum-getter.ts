/**
 * EXERCISE: load-time-enum-getter
 * Class: load-time code
 * Tries: run code while the module is evaluated with no statement and no call: an enum member's
 *   initializer reads a getter (`enum Slot { First = config.slot }`), and the getter spins.
 * Defence: the verifier's no-top-level-side-effects rule: no load-time expression calls anything,
 *   and nothing built at load time carries code the language or the kernel runs implicitly
 *   (getters, setters, toJSON, conversions, symbol-keyed hooks), so a read at load is a read.
 *   Behind it, module evaluation runs under the same budget as a handler.
 * Expected: rejected: verifier (no-top-level-side-effects)
 *
 * Found by a red team (issue 8, finding 5): the old rule treated `o.n` as pure because it is a
 * property read, and the getter ran while loading (a throw there gave `load/exception`; a loop
 * held the loader). Reads are safe only when no getter can exist at load time: that is what the
 * rule now proves, and it reports the getter itself.
 */
import { defineExtension } from "spin-kernel/extension";

const config = {
  get slot(): number {
    let n = 0;
    for (;;) n++;
  },
};

enum Slot {
  First = config.slot,
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[Slot.First % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
