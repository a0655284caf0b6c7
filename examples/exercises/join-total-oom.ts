/**
 * EXERCISE: join-total-oom
 * Class: memory exhaustion
 * Tries: one flat allocation past the heap limit through Array.prototype.join. The realm's join
 *   wrapper (sandbox/native/bounded-builtins.ts, JOINING) charges a unit an ELEMENT and bounds
 *   the element count, never the result's length: 512 elements, each the same 2^19-character
 *   two-byte string (within every string bound, made by a bounded `repeat`), cost ~512 units and
 *   make V8 build one 2^28-character string (512 MiB) in C++.
 * Defence: the realm's join (and toLocaleString) converts each element once, in order, and
 *   refuses a running length past the realm's string bound before anything is joined, charging
 *   the result's length (sandbox/native/bounded-builtins.ts, boundedJoin); QuickJS charges a
 *   string result by length under its memory limit. Before (06:27 UTC): typed: stopped:
 *   budget; native: contained (the handler returned, holding a 2^28-character string, 128
 *   times the realm's bound); server: the whole CLI aborted (exit 134), or not, run to run.
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
      const big = parts.join("");
      const first = args.resident[big.charCodeAt(big.length - 1) & 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
