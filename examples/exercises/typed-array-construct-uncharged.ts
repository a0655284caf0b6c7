/**
 * EXERCISE: typed-array-construct-uncharged
 * Class: unpolled C builtins
 * Tries: hold the host in QuickJS's typed-array constructors: `new Float64Array(2 ** 19)` zeroes
 *   a 4 MiB store in C for one tick, 3,000 times a call (3,000 ticks and back-edges a call: no
 *   poll before the call returns).
 * Defence: QuickJS's prelude replaces the constructors of the typed arrays, ArrayBuffer and
 *   SharedArrayBuffer with functions that construct the original (with new.target: instanceof,
 *   `.constructor`, the statics and a guest's subclass are as before) and charge the store each
 *   made a tick per 64 bytes from the first byte, as a buffer's slice is charged, and a copy of
 *   a typed array its elements, as `set` is (sandbox/guest/prelude.js, red team 16's block).
 *   %TypedArray%.from and .of construct through them. A view over a buffer is charged nothing.
 *   The V8 placements have no typed arrays (realm.ts REMOVED_GLOBALS): the first call throws.
 * Found (issue 10, "Left open" of red team 16's builtins, measured then at ~380-460 ms a call
 *   with no stop: contained: deterministic). 2026-12-02, `spin exercise run
 *   typed-array-construct-uncharged.ts --mode all --timing` with the prelude of main, a load of
 *   ~6 on two cores: typed and sfi ESCAPED (deterministic: two runs differ), a call killed by the
 *   host watchdog at 1,119-1,218 ms; on a quiet machine every call ran to its end under the
 *   deadline, never stopped by the budget.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;
let held: unknown = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (let i = 0; i < 3000; i++) held = new Float64Array(1 << 19);
      sink += held === 0 ? 1 : 2;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
