/**
 * BROKEN ON PURPOSE: a Reclaim handler that names a frame that does not exist.
 *
 * How it gets a Frame without an assertion: Frame is a branded number, and the only legal
 * sources of one are the kernel's event arguments. But a user-defined type guard
 * (`n is Frame`) narrows a plain number to Frame with no assertion at all: the type checker
 * never relates a predicate to its function's body. The verifier's no-type-predicate rule
 * refuses every user-written type predicate and assertion signature, so this is now rejected at
 * load time. (Were it loaded, as in the `sfi` mode that does not rely on the types, the kernel's
 * validator would still refuse the frame: "victim frame 1000003 does not exist (frames are 0..2)";
 * see examples/exercises/forge-type-predicate.ts.)
 *
 * Run it:
 *   npx spin check examples/broken/invalid-frame.ts
 *
 * Expected report: rejected at load time by the verifier (no TypeScript diagnostic):
 *   examples/broken/invalid-frame.ts:23:37 no-type-predicate: user-defined type predicate 'n is Frame'; ...
 */
import { defineExtension } from "spin-kernel/extension";
import type { Frame } from "spin-kernel/extension";

/** A "type guard" that checks nothing: it brands any number as a Frame. */
function looksLikeFrame(n: number): n is Frame {
  return n >= 0;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // "The frame after the last one I own": arithmetic gives a number, the guard brands it.
      const made = 1_000_000 + args.resident.length;
      if (looksLikeFrame(made)) return { victim: made };
      throw new Error("unreachable");
    },
  },
});
