/**
 * EXERCISE: array-grow-iterated
 * Class: unpolled C builtins
 * Tries: grow an array past the length bound while a builtin iterates it (left open by red team
 *   4's fixes): spread walks `a` through its iterator, which re-reads the length at every step;
 *   element 1 is a hole read through a getter of the array's class, which sets
 *   `this.length = 2 ** 32 - 1`, so the iteration then steps through 2^32 holes in V8's Torque
 *   code, where no fuel counts (the length was checked when the iterator was made, when it was
 *   3). Before the fix the host watchdog killed the call (`new Set(a)` the same).
 * Defence: V8 placements: the array iterator's `next` is wrapped in the hardened realm
 *   (sandbox/native/bounded-builtins.ts): every step checks the iterated array's length against
 *   the bound, so the step after the growth is a RangeError, every run, and each step is a
 *   JavaScript call, which V8 can interrupt. typed: QuickJS stepped in C too, and its memory
 *   limit stopped it, or, on a loaded machine, the host watchdog first (at load 20 the matrix saw
 *   the kill, and two typed runs differed); now the prelude gives the iterator of anything but a
 *   plain array (here an instance of a class whose getter runs as a step reads it) its own
 *   `next`, which checks the length at each step (sandbox/guest/prelude.js): the same RangeError,
 *   every run, in sfi too (red team 8: every class was once outside sfi's function table, so
 *   `new` of one was an sfi fault before the attack ran).
 * Expected: contained: exception
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

/** An array whose element 1, a hole, is read through a getter of its class: the getter grows it. */
class Growing extends Array<number> {
  get 1(): number {
    this.length = 2 ** 32 - 1;
    return 1;
  }
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const a = new Growing();
      a.push(0);
      a.length = 3;
      const copy = [...a];
      const first = args.resident[copy.length > 3 ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
