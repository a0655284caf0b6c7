/**
 * EXERCISE: json-hidden-keys-stringify
 * Class: unpolled C builtins
 * Tries: walk 2^15 own keys uncharged through JSON.stringify. `Object.create(null, descriptors)`
 *   makes an object whose 2^15 keys are all non-enumerable (charged once, by the descriptors'
 *   keys, in the first call); JSON.stringify of it writes "{}" and so was charged only "{}":
 *   the V8 placements' bounded serialiser (sandbox/native/bounded-json.ts) listed the keys with
 *   the realm's Object.keys, which walks every own key in C++ to return none, and QuickJS's
 *   serialiser lists them in C likewise (the prelude's replacer is called for the object only).
 *   A thousand stringifies a call.
 * Defence: every own key a JSON walk goes through is charged: V8 16 units a key (bounded-json.ts,
 *   for-in-fuel.ts namedKeyCount), QuickJS the prelude's getOwnPropertyNames count, four ticks a
 *   key past the free size. Before (red team 15): native ESCAPED in one run (runs differed),
 *   server, typed and sfi stopped only by the deadline.
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
        for (let j = 0; j < 1000; j++) sink += JSON.stringify(hidden).length;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
