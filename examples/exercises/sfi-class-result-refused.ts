/**
 * EXERCISE: sfi-class-result-refused
 * Class: correct extension refused
 * Tries: nothing hostile: a correct, type-checked pager that returns its answer as an instance
 *   of a small class whose `victim` is an OWN data field set by its constructor (a TypeScript
 *   parameter property). JSON, the kernel's contract, reads it as `{"victim": f}`: typed, native
 *   and server accept it (the wire sends it as the JSON envelope it always was). sfi's result
 *   check (sandbox/guest/sfi-runtime.js __sfi_check, red team 8's "results must be plain
 *   objects") refuses any result whose prototype is not Object.prototype or null, so the same
 *   extension is an sfi fault on every event and unloaded after 10: one placement refuses what
 *   the three others run, for no capability reason (its own fields are a frame of the event).
 * Defence: sfi's result check reads any object's own fields, as JSON reads them (only own
 *   fields: wire-result-inherited's prototype getter is still no victim, a trap), and refuses
 *   only what JSON would read as something else than its own fields (an array, a boxed
 *   primitive, an object with a toJSON) (sandbox/guest/sfi-runtime.js __sfi_check; the checked
 *   copy, not the instance, is what the kernel reads). Before (redteam9): sfi: ESCAPED
 *   (results-valid), "result is not a plain object" on every event; typed, native, server:
 *   contained: results-valid.
 * Expected: contained: results-valid
 * Check: results-valid
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

class Choice {
  constructor(public readonly victim: Frame) {}
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return new Choice(first.frame);
    },
  },
});
