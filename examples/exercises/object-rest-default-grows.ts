/**
 * EXERCISE: object-rest-default-grows
 * Class: unpolled C builtins
 * Tries: a pattern's rest was charged by its value's keys when the value arrived (__sfi_idx), but
 *   the copy happens after the pattern's defaults (and computed keys, and getters) ran: a default
 *   that grows the value in one C step was not seen. The value is a length-tracking Uint8Array
 *   over a resizable ArrayBuffer of 0 bytes (charged nothing); the default resizes it to 2^18
 *   bytes, and the rest then copies 2^18 index keys into a new object. A hundred rests a call.
 * Defence: a pattern whose rest has other elements before it is charged where the rest is copied
 *   (extensions/sfi/passes/object-rest.ts lateCharge): a computed key put last before the rest,
 *   `[__sfi_late(v, site)]`, charges the value as __sfi_idx does after every other element ran,
 *   and names a symbol no object has; the V8 placements' rests alike (the frame's __sfi_late).
 *   QuickJS's ArrayBuffer.prototype.resize is charged by the buffer it leaves, a tick per 64
 *   bytes (red team 16's wrap, sandbox/guest/prelude.js). The V8 placements' realm (Node 20) makes no resizable buffer:
 *   the construction throws there. Before (red team 17): typed and sfi stopped: timeout (1000 ms,
 *   the watchdog killed a call).
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

const Ctor: new (...a: unknown[]) => ArrayBuffer = ArrayBuffer;
let sink = 0;

function resize(b: ArrayBuffer, n: number): number {
  let done: unknown = 0;
  if ("resize" in b && typeof b.resize === "function") done = b.resize(n);
  return done === undefined ? n : n;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (let j = 0; j < 100; j++) {
        const buf = new Ctor(0, { maxByteLength: 1 << 18 });
        const view = new Uint8Array(buf);
        const { x = resize(buf, 1 << 18), ...copy }: { x?: number; [k: number]: number } = view;
        sink += (copy[5] ?? 1) + x;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
