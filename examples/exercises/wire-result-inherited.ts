/**
 * EXERCISE: wire-result-inherited
 * Class: results that lie
 * Tries: return a result of the wrong shape that looks right to a careless reader: an instance of
 *   a class whose `victim` lives on the prototype, so that a reader that follows the prototype
 *   chain (as `result.victim` does) sees a frame while JSON, which the kernel's contract is written
 *   in, sees no victim at all; a fast path that read results field by field would disagree with
 *   the JSON path the rest of the system reasons about.
 * Defence: the wire carries only plain objects (Object.prototype or none) with their own data
 *   properties; anything else goes as the JSON envelope it always was, whose `{}` the kernel's
 *   schema refuses (victim missing). In sfi mode the capability check refuses it first: a result
 *   must be a plain object and its fields its own (sandbox/guest/sfi-runtime.js __sfi_check).
 *   Before red team 8's finding, the control pass stopped the class's construction (every class
 *   was outside sfi's function table); once classes were in it, this result passed sfi's check,
 *   which read `victim` through the prototype (ESCAPED in sfi alone, until the check read own
 *   fields of plain objects only).
 * Expected: refused: kernel validation
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

class Answer {
  constructor(private readonly frame: Frame) {}
  get victim(): Frame {
    return this.frame;
  }
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return new Answer(first.frame);
    },
  },
});
