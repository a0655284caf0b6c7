/**
 * EXERCISE: type-bomb
 * Class: type-level bomb
 * Tries: make the load-time type check itself the denial of service: types whose checking
 *   takes factorial time (a recursive conditional type listing every permutation of a 9-member
 *   union: 362,880 tuples; plain tsc needs minutes), so that loading the extension never
 *   finishes.
 * Defence: the type check runs in a worker thread with a time limit (typeCheckWithTimeout); the
 *   worker is terminated and the extension rejected: "type check exceeded N ms".
 * Expected: rejected: type-check time limit
 */
import { defineExtension } from "spin-kernel/extension";

/** Every ordering of the members of T: 9 members give 362,880 tuples, built one instantiation at a time. */
type Permutations<T, U = T> = [T] extends [never] ? [] : T extends unknown ? [T, ...Permutations<Exclude<U, T>>] : never;
type Nine = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type Bomb = Permutations<Nine>;

const fuse: Bomb | undefined = undefined;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[fuse === undefined ? 0 : 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
