/**
 * EXERCISE: stringify-uncharged
 * Class: resource hog
 * Tries: charge-builtin-work through JSON.stringify in the V8 placements. The realm's
 *   JSON.stringify (sandbox/native/bounded-json.ts) walks the value first and charges nothing by
 *   what the builtin then writes: each call here serialises 12 references to one 2^15-character
 *   string (13 visits) and V8 writes 393,000 characters in C++. 400 calls an invocation are
 *   157 M characters of copying, ~100 ms of host time, charged as a handful of fuel units: the
 *   extension's application is delayed by almost none of the work it made the host do
 *   (docs/MACHINE.md: "In the V8 placements the builtins' work is charged as fuel before it
 *   runs").
 * Defence: the realm's JSON.stringify charges the text the builtin writes by its length, counted
 *   exactly by its walk before the builtin runs (sandbox/native/bounded-json.ts; a text past the
 *   realm's string bound is refused, stringify-total-oom). QuickJS's prelude charges a string a
 *   builtin returns by its length, a long JSON text a tick per 16 characters (measured: a tick
 *   per ~15; at 64 a tick sfi once reached the deadline here). The red team's calls (16 references to a 2^18-character
 *   string, 4 M characters a call) are now refused by that bound, so the attack here writes
 *   within it: 12 references to a 2^15-character string (393,000 characters a call, under the
 *   server's 2^19), 400 calls an invocation. Before (redteam9, with 4 M characters a call and
 *   40 calls): typed, sfi: stopped: budget; native: ESCAPED (work-charged: 3.28 ms an
 *   invocation for 168 M characters written); server: ESCAPED (work-charged) or stopped:
 *   timeout, by the load.
 * Expected: stopped: budget
 * Check: work-charged
 * Min-charge: 10000000
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const part = "ab".repeat(1 << 14);
      const parts: string[] = new Array<string>(12).fill(part);
      for (let i = 0; i < 400; i++) sink += JSON.stringify(parts).length;
      const first = args.resident[sink % 2 === 0 ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
