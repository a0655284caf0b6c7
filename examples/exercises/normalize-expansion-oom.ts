/**
 * EXERCISE: normalize-expansion-oom
 * Class: memory exhaustion
 * Tries: make the engine allocate many times the realm's string bound in one step, from an
 *   input within it: NFKD writes 18 characters of U+FDFA, an upper case 3 of U+0390, a URI
 *   encoding 9 of U+0800. The V8 placements refused such a result after the builtin had made
 *   it: NFKD of 2^17 U+FDFA is 2.4 M characters (native's bound is 2^21, a server's 2^19; 2^19 of
 *   them in a server made 9.4 M, 19 MiB, in a heap of a few MiB), made, then refused.
 * Defence: each growing builtin (case mappings, `normalize`, the URI encodings, `escape`, the HTML
 *   methods) is refused before it runs when the most it can make of its input passes the bound
 *   (sandbox/native/bounded-strings.ts GROWTH: its factors for an ASCII code unit and any other,
 *   checked against the builtins for every code point by test/sandbox/growth-refused.test.ts,
 *   which also shows the refusal is the check's, before the builtin, not the result's). A
 *   call whose worst case passes the bound is refused even when its input would make less (a
 *   long non-ASCII text): the message says to call it on parts. QuickJS charges normalize 64
 *   ticks a character before it runs, and its memory limit bounds any allocation. The matrix's
 *   verdicts are the same as before the fix in the V8 placements (a RangeError, now thrown
 *   before the allocation): the test tells them apart.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const ligature = "\uFDFA".repeat(1 << 17);
      sink += ligature.normalize("NFKD").length;
      sink += "\u0390".repeat(1 << 18).toUpperCase().length + encodeURIComponent("\u0800".repeat(1 << 18)).length;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
