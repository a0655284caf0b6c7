/**
 * EXERCISE: json-parse-uncharged
 * Class: unpolled C builtins
 * Tries: hold the kernel's thread in V8's JSON parser at no fuel: a text of 524,287 characters
 *   (`[0,0,...,0]`, 2^18 - 1 elements: under a server's 2^19 string bound, so every placement
 *   takes it), made once (its `repeat` charged), then parsed 300 times a call in a loop. The V8
 *   placements' JSON.parse wrapper (sandbox/native/bounded-json.ts) converts the text and
 *   refuses one past the string bound, but charges nothing for the parse: each call of it is the
 *   loop's one unit for ~2^18 elements made in C++ (a few ms). QuickJS's prelude reads the text
 *   first (parseNesting, ticks a character), so typed and sfi pay for it.
 * Defence: the parse charged by its text's length before it runs (bounded-json.ts, a unit a
 *   character: builtin-fuel.ts JSON_PARSE_CHARS_PER_FUEL, set by measurement, since a text of
 *   empty arrays or new keys costs V8 an allocation every few characters), so the budget stops
 *   the loop at the same parse every run (the second; a 2^19-character text is ~524 K units).
 *   QuickJS's prelude reads the text first, a loop iteration a character: the same rate.
 * Found (redteam18, 2026-12-02, `spin exercise run findings/json-parse-uncharged.ts --mode all
 *   --json --timing`): typed, sfi stopped: budget (100 polls at 32:52; longest calls 627 and
 *   123 ms); native stopped: timeout (1000 ms at the handler, 31:5), the host watchdog killed
 *   the call (1,308 ms); server stopped: timeout, its VM killed at the deadline (1,004 ms). Host
 *   alive, the kernel's check held. ("JSON is bounded in length but not charged" is in
 *   EXERCISES.md's Left open list; red team 16's charges did not reach JSON.parse.) After the
 *   fix (branch v8charges18): every placement stopped: budget, native 151 ms, server 119 ms at
 *   the longest call.
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

let text = "";
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (text.length === 0) text = `[${"0,".repeat(2 ** 18 - 2)}0]`;
      else
        for (let i = 0; i < 300; i++) {
          const v: unknown = JSON.parse(text);
          sink += v === null ? 1 : 0;
        }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
