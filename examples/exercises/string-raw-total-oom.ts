/**
 * EXERCISE: string-raw-total-oom
 * Class: memory exhaustion
 * Tries: one allocation past the heap limit through String.raw. The realm's wrapper
 *   (sandbox/native/bounded-builtins.ts, String.raw) bounds the NUMBER of `raw` parts
 *   (checkedLength) but neither the parts' lengths nor the result's: 512 parts, each the same
 *   2^19-character two-byte string (within every string bound, made by a bounded `repeat`), make
 *   V8 build a 2^28-character string, with no fuel charged for it. V8's String.raw joins its
 *   parts with StringAdd (a rope, as `+` makes), so the result is a cons string the strings
 *   pass never saw: `===` of two of them flattens one into a single 512 MiB allocation.
 * Defence: the realm's String.raw converts each part and substitution once, in the builtin's
 *   order, and refuses a total past the realm's string bound (2^19 in a server) before anything
 *   is joined, charging its length (sandbox/native/bounded-builtins.ts); QuickJS: the prelude
 *   charges a string result by its length, and its 16 MiB memory limit bounds it. Before
 *   (06:26 UTC): typed, sfi: stopped: budget; native: kernel down: heap; server: the whole
 *   CLI aborted, FATAL "Reached heap limit" (exit 134), --mode all with it.
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
      const big = String.raw({ raw: parts });
      const other = String.raw({ raw: parts });
      const first = args.resident[big === other ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
