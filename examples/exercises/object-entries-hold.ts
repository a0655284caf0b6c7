/**
 * EXERCISE: object-entries-hold
 * Class: unpolled C builtins
 * Tries: hold the kernel's thread in builtins no wrapper of the V8 placements bounds or charges:
 *   Object.entries of a string makes a [key, character] pair per index, in C++ (~5.9 s for
 *   2^21 two-byte characters, measured on Node 20 under this machine's load). Three calls in one
 *   expression: no loop back-edge and no function entry of JavaScript between them, so V8 never
 *   reaches an interrupt check where worker.terminate() could act, and the thread runs on past
 *   the deadline, the grace and the 5,000 ms the held-thread backstop waits. builtin-object-keys
 *   (expected: stopped: timeout in native) loops its calls, and the loop's back-edge lets the
 *   watchdog's terminate in; straight-line calls do not.
 * Defence: the realm's Object.keys, values, entries, getOwnPropertyNames and assign charge a
 *   string they walk (a primitive or a String object) 16 fuel units a character before they
 *   run (sandbox/native/bounded-builtins.ts): the first call here is 33 M units, its fuel stops
 *   it before V8 walks a character. QuickJS's prelude charges them by the list they return.
 *   Spread of a string (`{...s}`, `[...s]`) and for-in: string-spread-hold. Before
 *   (redteam9): native: `spin load --mode native --scenario .../duo.json` exit 4 (held thread)
 *   twice, or stopped: timeout (a 4,992 ms call killed), by the load; typed, sfi: stopped:
 *   budget; server: contained: exception (the repeat, past its 2^19 bound).
 * Expected: stopped: memory | stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const s = "\u0100".repeat(1 << 21);
      sink += Object.entries(s).length + Object.entries(s).length + Object.entries(s).length;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
