/**
 * BROKEN ON PURPOSE: a Reclaim handler that names a frame that does not exist.
 *
 * How it gets a Frame without an assertion: Frame is a branded number, and the only legal
 * sources of one are the kernel's event arguments. But a user-defined type guard
 * (`n is Frame`) narrows a plain number to Frame with no assertion at all, and neither the type
 * checker nor (today) the verifier objects to it. This is the case the kernel's own validator
 * exists for: every result is checked against the kernel's tables (does the frame exist, does it
 * belong to this application, is it busy?) before anything uses it.
 *
 * Run it:
 *   npx spin load examples/broken/invalid-frame.ts --scenario examples/scenarios/textbook.json
 *
 * Expected report: loaded (it passes the type check and the verifier); every invocation is an
 * `invalid-result` violation ("victim frame 1000003 does not exist (frames are 0..2)", no source
 * position: the kernel refused the value after the handler returned); the
 * kernel uses the built-in pager instead (15 faults), and the watchdog unloads the extension
 * after 10 violations. The run completes; check OK (no frame was ever taken from anyone).
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
