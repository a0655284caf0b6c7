/**
 * EXERCISE: rope-flatten-oom
 * Class: memory exhaustion
 * Tries: one allocation past the heap limit, made by V8 on the guest's behalf. `s = s + s`
 *   doubled 25 times over 8 two-byte characters is a rope of 2^28 characters (26 small cons
 *   cells: no heap to speak of, ~30 fuel units); `s === t` of two such ropes makes V8 flatten
 *   one into a single 512 MiB string (String::SlowFlatten from Runtime_StringEqual), a single
 *   allocation larger than a server's whole heap (its memory limit + 16 MiB) or the native
 *   simulation's (512 MiB). V8 does not fail that allocation softly: FatalProcessOutOfMemory,
 *   and Node aborts the whole process (exit 134, "Reached heap limit"), the CLI with it.
 *   Observed: server, every run, `spin load` and `spin exercise run` abort (exit 134). Native:
 *   "kernel down: heap exhausted (512 MiB)" (exit 4) on a quiet machine, a deadline kill (the
 *   flatten and its GC held the call 2.5 s) at load 12, and in `npm test` the vitest fork itself
 *   aborted with FATAL "Reached heap limit" at a 521 MB heap (String::SlowFlatten from
 *   Runtime_StringEqual): same input, three outcomes.
 * Defence: the V8 placements route every string `+`, `+=` and template literal through the
 *   frame's __sfi_cat (extensions/sfi/passes/strings.ts): a string longer than the realm's
 *   string bound (2^21 characters, 2^19 in a server) is refused before it is stored, and each is
 *   charged its length (a unit per 64 characters): the doubling is refused past 2^21 in native,
 *   past 2^19 in a server (a RangeError the handler does not catch), having paid ~65,000 units.
 *   QuickJS (typed, sfi) makes ropes too and compares them in C with no tick: the same check in
 *   sfi-runtime.js pays a tick per 64 characters past 262,144, so the interrupt budget ends the
 *   doubling before the comparison. Before: server, every run, `spin load` and `spin exercise run`
 *   aborted (exit 134); native: kernel down, deadline or a vitest abort; typed and sfi: the host
 *   watchdog killed the comparison (two runs differed).
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

function rope(): string {
  let s = "\u0100abcdefg";
  for (let j = 0; j < 25; j++) s = s + s;
  return s;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const same = rope() === rope();
      const first = args.resident[same ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
