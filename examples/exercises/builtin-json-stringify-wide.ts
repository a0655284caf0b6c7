/**
 * EXERCISE: builtin-json-stringify-wide
 * Class: unpolled C builtins
 * Tries: JSON.stringify an array of 4,096 references to one object with 4,096 keys whose values
 *   are undefined: 16.7 million property visits in one C call that output almost nothing, and a
 *   thousand such calls per invocation. The meter used to charge JSON.stringify by the array's
 *   top-level length only (found by a red team: two calls held the host 13 s per invocation
 *   with no violation; a thousand never returned).
 * Defence: the prelude's JSON.stringify gives the C serialiser a replacer function, called once
 *   per property it visits, so every visit is a tick the budget sees (the output is unchanged;
 *   a replacer of the guest's own is called from it).
 *   V8 placements: JSON.stringify walks the value in JavaScript first and visits at most as many
 *   values as the realm's string bound has characters (2^21; 2^19 in a server:
 *   sandbox/native/bounded-json.ts; red team 5's fix of the stringify depth clock), and every
 *   object it enters is charged 16 units a key (red team 15's hidden-keys fix), so the budget
 *   stops the calls first (the first call was a RangeError of the bound).
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

function wideGraph(): unknown[] {
  const wide: Record<number, undefined> = {};
  for (let i = 0; i < 4096; i++) wide[i] = undefined;
  const refs: unknown[] = [];
  for (let i = 0; i < 4096; i++) refs.push(wide);
  return refs;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const graph = wideGraph();
      let chars = 0;
      for (let i = 0; i < 1000; i++) chars += JSON.stringify(graph).length;
      const first = args.resident[chars % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
