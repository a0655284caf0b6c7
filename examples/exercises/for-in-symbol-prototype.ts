/**
 * EXERCISE: for-in-symbol-prototype
 * Class: unpolled C builtins
 * Tries: make every for-in walk 2^16 symbol keys in C++ for a few units: an object of 2^16
 *   symbol keys (made honestly over calls, a unit a key) is the prototype of an empty object
 *   (Object.create), and 20,000 for-ins over the child, each breaking at once, run a call.
 * Defence: a for-in is charged every key its walk goes through, a prototype's too: the frame's
 *   `__sfi_forin` (sandbox/native/for-in-fuel.ts forInKeyUnits) counts every own key of each
 *   object the child inherits from by Reflect.ownKeys, symbols and non-enumerable keys
 *   included, 16 units a key (the realm's own prototypes, Object.prototype's and
 *   Array.prototype's methods, by their enumerable keys, as before): the first for-in over the
 *   child is ~1.05 M units, stopped before V8 walks a key. QuickJS's prelude already counted them.
 * Found (redteam18, 2026-12-02, `spin exercise run findings/for-in-symbol-prototype.ts --mode all
 *   --json --timing`): typed, sfi stopped: budget (longest calls 104, 56 ms); native stopped:
 *   timeout (1000 ms at the handler, 37:5), the host watchdog killed the call (1,149 ms);
 *   server stopped: timeout, its VM killed at the deadline (1,010 ms). Host alive, the kernel's
 *   check held. Root cause: for-in-fuel.ts forInKeyUnits counts a prototype's keys by the
 *   realm's Object.keys (enumerable strings only), so a prototype's symbol keys are walked by
 *   V8's ForInPrepare (a dictionary: every entry looked at, each for-in, no enum cache) for the
 *   ~3 units forInUnits charges; measured in plain Node 20: 3.5 ms a for-in over such a child
 *   (0.014 us over an empty prototype). Red team 17 counted symbols in every own-key walk
 *   (namedKeyCount by Reflect.ownKeys), not in a prototype's; EXERCISES.md leaves "a guest
 *   prototype of many non-enumerable keys" open, and symbol keys are the same hole, reachable
 *   with Object.create seen through a typed view (no assertion, no any). After the fix (red
 *   team 18's branch v8charges18): every placement stopped: budget, native 151 ms, server 91 ms
 *   at the longest call.
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

const base: Record<symbol, number> = {};
let made = 0;
let child: object | undefined;
let sink = 0;
// Object.create seen through a typed view: its result is `object`, not `any`.
const inherit: (prototype: object) => object = Object.create;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (made < 1 << 16) {
        for (let i = 0; i < 20_000 && made < 1 << 16; i++) base[Symbol()] = made++;
      } else {
        if (child === undefined) {
          child = inherit(base);
        }
        for (let r = 0; r < 20_000; r++) {
          for (const k in child) {
            sink += k.length;
            break;
          }
        }
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
