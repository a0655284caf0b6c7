/**
 * EXERCISE: object-hidden-keys-walks
 * Class: unpolled C builtins
 * Tries: walk 2^15 own keys uncharged through Object's builtins in QuickJS. `Object.create(null,
 *   descriptors)` makes an object whose 2^15 keys are all non-enumerable (charged once, in the
 *   first call); then a thousand times a call Object.isFrozen (goes through every key in C),
 *   Object.keys and Object.entries (go through every key to list none). QuickJS's prelude
 *   charged isFrozen by the enumerable keys and keys/entries by the list they return: 0.
 * Defence: every own key is counted, by getOwnPropertyNames: the V8 placements since red team 14
 *   (for-in-fuel.ts namedKeyCount, 16 units a key), QuickJS's prelude since red team 15 (four
 *   ticks a key past the free size, a tick for isFrozen). Before (red team 15): typed and sfi
 *   stopped by the deadline only; native and server on budget.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let hidden: object | undefined;
let sink = 0;

function make(): object {
  const descriptors: Record<number, { value: number }> = {};
  for (let i = 0; i < 1 << 15; i++) descriptors[-1 - i] = { value: i };
  const made: unknown = Object.create(null, descriptors);
  if (typeof made !== "object" || made === null) throw new Error("not an object");
  return made;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (hidden === undefined) hidden = make();
      else {
        for (let j = 0; j < 1000; j++) {
          sink += Object.isFrozen(hidden) ? 1 : 0;
          sink += Object.keys(hidden).length + Object.entries(hidden).length;
        }
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
