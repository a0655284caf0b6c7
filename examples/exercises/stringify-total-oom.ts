/**
 * EXERCISE: stringify-total-oom
 * Class: memory exhaustion
 * Tries: join-total-oom through JSON.stringify. The realm's JSON.stringify (sandbox/native/
 *   bounded-json.ts) bounds the values its walk visits (the realm's string bound: 2^21, 2^19 in
 *   a server) and their nesting, never the text it writes: an array of 512 references to the
 *   same 2^19-character two-byte string (made by a bounded `repeat`) is 513 visits and makes V8
 *   write one 2^28 + 1,025-character string (512 MiB) in C++, for no fuel by length.
 * Defence: the realm's JSON.stringify counts, exactly, the text the builtin will write (each
 *   string and key quoted and escaped, numbers, punctuation, the gap's newlines and indents) as
 *   its walk makes the snapshot, refuses with a RangeError a text longer than the realm's
 *   string bound before the builtin writes it, and charges the text by its length
 *   (sandbox/native/bounded-json.ts). Before (redteam9): typed, sfi: stopped: budget; native:
 *   stopped: timeout (the watchdog killed a 1,455 ms call); server: stopped: memory (the
 *   server's heap exhausted by the 512 MiB text).
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const part = "\u0100".repeat(1 << 19);
      const parts: string[] = new Array<string>(512).fill(part);
      const big = JSON.stringify(parts);
      const first = args.resident[big.charCodeAt(big.length - 3) & 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
