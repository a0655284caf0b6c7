/**
 * EXERCISE: log-position-deep-tojson
 * Class: report forgery
 * Tries: leave kernel.log lines unplaced in native and server, by having the kernel's own code
 *   call it: kernel.log is the toJSON of a value nested 40 deep, so JSON.stringify's walk
 *   (sandbox/native/bounded-json.ts, in JavaScript: two frames a level) calls it, and the ten
 *   frames V8 keeps of a stack (Error.stackTraceLimit) are all the kernel's: no frame of the
 *   extension's file was among them to place the line.
 * Defence: when the usual frames hold none of the extension's, the V8 placements' kernel.log
 *   walks V8's call sites further, to at most CAPTURE_FRAMES (2,048: the kernel's wrappers
 *   recurse at most 256 levels), the frames past the usual ten charged to the guest, no text
 *   written (sandbox/native/bounded-stacks.ts deeperFrames). The line is placed at the
 *   extension's JSON.stringify call, as QuickJS places it (its JSON walk is one native frame).
 *   Before (red team 15): native and server ESCAPED (logs-placed): 0 of 16 lines placed.
 *   Since red team 18 (issue 10) kernel.log refuses to be called as a method of another value
 *   (`toJSON: kernel.log` is called with its holder as receiver: a TypeError, contained:
 *   exception); a bound kernel.log keeps its own receiver (null) and is the way the walk still
 *   reaches it, so the toJSON here is one: the defence above is what placed its line
 *   (contained: logs-placed ×4). Since bindlog18 (2026-12-02) Function.prototype.bind refuses
 *   kernel.log (prelude.js, bounded-strings.ts refuseBoundLog): the bind throws, contained:
 *   exception ×4, and no callable reaches kernel.log from the walk without a frame of the
 *   extension's (a toJSON of its own is that frame). An honest line comes first, so the check
 *   has a line to judge.
 * Expected: contained: exception
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call: the check has lines to judge.
      kernel.log(`reclaim ${first.frame}`);
      let deep: object = { toJSON: kernel.log.bind(null, "deep") };
      for (let i = 0; i < 40; i++) deep = { inner: deep };
      JSON.stringify(deep);
      return { victim: first.frame };
    },
  },
});
