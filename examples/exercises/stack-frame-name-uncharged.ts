/**
 * EXERCISE: stack-frame-name-uncharged
 * Class: unpolled C builtins
 * Tries: make V8 copy a long name into every frame of every stack it writes. A frame of a method
 *   call reads `at Type.method`, and V8 takes the type from the receiver, its Symbol.toStringTag
 *   first: an object tagged with a 2^19-character string, whose method recurses nine times
 *   and throws, has ten frames each ~0.5 M characters long when its stack is written (CallSite's
 *   toString, in C++; the realm's prepareStackTrace then cuts each frame to 600 characters, after
 *   the copy). Reading the stack charged its header, not its frames: ~11 fuel units an iteration
 *   for ~4 ms of copying (measured on Node 20 under this machine's load), so a loop of them ran
 *   until the deadline.
 * Defence: the realm's prepareStackTrace charges each frame's names (type, function, method:
 *   V8's strings, no copy) to the guest call reading the stack, a unit per 4 characters, before
 *   V8 writes the frame (sandbox/native/bounded-stacks.ts chargeFrameNames): the first read here
 *   is ~1.3 M units, past the budget. The kernel's own read of a thrown error's stack stays
 *   uncharged, as its header does. QuickJS names no type in a backtrace and copies a function's
 *   name through a 64-byte buffer: nothing long is copied. Before (redteam10): native: stopped:
 *   timeout (two calls killed by the watchdog); server: stopped: timeout; typed, sfi: contained:
 *   deterministic.
 *   Since red team 18, typed and sfi stop on budget (the long tag's construction and the
 *   stack strings are charged from one allowance per handler call; was contained: deterministic).
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let tag = "T";
      for (let i = 0; i < 19; i++) tag = tag + tag;
      const tagged = {
        [Symbol.toStringTag]: tag,
        deep(k: number): number {
          if (k > 0) return tagged.deep(k - 1);
          throw new Error("x");
        },
      };
      for (let i = 0; i < 2000; i++) {
        try {
          sink += tagged.deep(9);
        } catch (e) {
          if (e instanceof Error) sink += (e.stack ?? "").length & 1;
        }
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
