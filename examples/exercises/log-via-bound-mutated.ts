/**
 * EXERCISE: log-via-bound-mutated
 * Class: report forgery
 * Tries: bind apply with an argument list that holds no kernel.log when bound, then put kernel.log
 *   in it (a write after the bind; a getter the bind's walk skips), and use the bound function as
 *   a for-of iterator's next. (An index inherited from Array.prototype, writable in QuickJS, is
 *   the same: `.prototype` is refused by the verifier, so it is not written here.)
 * Defence: bind refuses a bound function that reaches apply (Reflect.apply, Reflect.construct)
 *   with its argument list bound, and call or apply bound to call or apply (prelude.js,
 *   bounded-strings.ts refuseBoundList).
 * Found (bindapply, 2026-12-02, before refuseBoundList): ESCAPED (logs-placed) ×4, 16 of 32 kept
 *   lines placed (every forged line). After: the bind throws, contained: exception ×4.
 * Expected: contained: exception
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

type Step = () => IteratorResult<number>;
const steps: Step[] = [];
const wider: (Step | ((...args: never[]) => unknown))[] = steps;
type Loose = (this: unknown, ...args: unknown[]) => unknown;
const applies: Loose[] = [];
const widerApplies: (Loose | typeof kernel.log.apply)[] = applies;
let sink = 0;
let round = 0;
const lists: unknown[][] = [];
const widerLists: (unknown[] | ArrayLike<unknown>)[] = lists;

function iterable(next: Step): Iterable<number> {
  return { [Symbol.iterator]: () => ({ next }) };
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      kernel.log(`reclaim ${first.frame}`);
      steps.length = 0;
      if (applies.length === 0) widerApplies.push(kernel.log.apply);
      const loose = applies[0];
      if (loose === undefined) throw new Error("no apply");
      const form = round++ % 2;
      const list: unknown[] = [0, [null, "mutated"]];
      lists.length = 0;
      widerLists.push({ get 0() { return kernel.log; }, 1: [null, "getter"], length: 2 });
      const getter = lists[0] ?? list;
      wider.push(kernel.log.apply.bind(loose, kernel.log.call, form === 1 ? getter : list));
      list[0] = kernel.log;
      const [hidden] = steps;
      try {
        if (hidden !== undefined) for (const x of iterable(hidden)) sink += x;
      } catch {
        sink++;
      }
      return { victim: first.frame };
    },
  },
});
