/**
 * EXERCISE: arguments-iterator-spread
 * Class: unpolled C builtins
 * Tries: in SFI mode (no verifier rule refuses `arguments` there), take QuickJS's own
 *   Array.prototype.values from an arguments object, `arguments[Symbol.iterator]`: QuickJS gives
 *   every arguments object the intrinsic it kept when the context was made
 *   (ctx->array_proto_values), not the prelude's charged wrapper (red team 16's "iteration
 *   charged"). Made an own property of a plain array of 2^19 numbers (built honestly over a few
 *   calls), it turns QuickJS's fast path for spreading an array back on (js_append_enumerate: the
 *   array's Symbol.iterator is js_create_array_iterator and its next the array iterator's: the
 *   elements are copied in C with no step): 400 spreads a call, a tick each, as
 *   array-spread-quickjs was before red team 16.
 * Defence: `arguments` is refused in SFI mode too: no-arguments is a kept rule
 *   (extensions/sfi/rules.ts, docs/SFI.md). It closes the family: the arguments object is the
 *   only thing QuickJS gives the original Array.prototype.values (ctx->array_proto_values, the
 *   function object itself); every other C function the spread's fast path accepts
 *   (js_create_array_iterator's values: Array.prototype's and %TypedArray%.prototype's, and
 *   their Symbol.iterator) is replaced by the prelude, its original kept in its closure. A
 *   Set's or a Map's iterator has no such fast path in QuickJS.
 * Found (redteam18q, 2026-12-02, `spin exercise run findings/arguments-iterator-spread.ts
 *   --mode all --json --timing`): sfi stopped: timeout (1000 ms at the handler, 34:5), the host
 *   watchdog killed a call (1,085 ms); typed, native and server rejected: verifier (no-arguments).
 *   Control: the same file without the own Symbol.iterator, sfi stopped: budget (290 ms).
 * After (boundoom18): rejected: verifier (no-arguments at 34:10) in all four.
 * Expected: rejected: verifier (no-arguments)
 */
import { defineExtension } from "spin-kernel/extension";

const big: number[] = [];
let held: number[] = [];
let sink = 0;

function intrinsicValues(): () => IterableIterator<number> {
  return arguments[Symbol.iterator];
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (big.length < 1 << 19) {
        for (let i = 0; i < 40_000 && big.length < 1 << 19; i++) big.push(i);
        big[Symbol.iterator] = intrinsicValues();
      } else {
        for (let i = 0; i < 400; i++) held = [...big];
      }
      sink += held.length;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
