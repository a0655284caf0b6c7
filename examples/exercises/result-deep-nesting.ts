/**
 * EXERCISE: result-deep-nesting
 * Class: results that lie
 * Tries: return a result nested 100,000 deep (arrays built in a loop, no recursion in the guest)
 *   from a notification handler, whose result every placement encodes as it is. Before the fix,
 *   QuickJS's serialiser, called by the prelude with no depth bound, recursed in C: in the
 *   simulation worker's 4 MiB stack its cycle search (O(depth) a level, unpolled) held the host
 *   until the watchdog killed the call (typed and sfi: `stopped: timeout`, a kill); in a 1 MiB
 *   thread the host's own stack ran out first and the VM died (a host RangeError, at a depth set
 *   by the thread's stack and the WASM code's tier).
 * Defence: every placement refuses to encode a result nested deeper than 256 levels, the same
 *   bound: the prelude serialises results with the nesting count of the extension's own
 *   JSON.stringify (sandbox/guest/prelude.js), the V8 placements with their bounded JSON
 *   (sandbox/native/bounded-json.ts). The call is an invalid result, "result is not
 *   JSON-serialisable: JSON.stringify of a value nested deeper than 256", at the handler, every
 *   run; the watchdog unloads the extension after 10.
 * Expected: refused: kernel validation
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "Strand.Block": () => {
      let deep: unknown[] = [];
      for (let i = 0; i < 100000; i++) deep = [deep];
      return deep;
    },
  },
});
