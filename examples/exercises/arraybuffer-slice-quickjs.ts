/**
 * EXERCISE: arraybuffer-slice-quickjs
 * Class: unpolled C builtins
 * Tries: hold the host in QuickJS's ArrayBuffer.prototype.slice: a 4 MiB buffer (allocated in
 *   the first call) is copied by `buf.slice(0)` 3,000 times a call, a memcpy in C each for one
 *   tick and the loop's back-edge (3,000 ticks or fuel units a call: no poll).
 * Defence: QuickJS's prelude charges an ArrayBuffer's slice, transfer, transferToFixedLength and
 *   resize (a SharedArrayBuffer's slice and grow) a tick per 64 bytes of the buffer each made,
 *   from the first byte (sandbox/guest/prelude.js, red team 16's block). The V8 placements have
 *   no ArrayBuffer (realm.ts REMOVED_GLOBALS): the module's first call throws (contained:
 *   exception). Before (red team 16): typed and sfi stopped by the deadline, a call killed by
 *   the host watchdog (1,096-1,133 ms), or, under more load, every call ran with no violation.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let buf: ArrayBuffer | undefined;
let sink = 0;
let held: unknown = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (buf === undefined) {
        buf = new ArrayBuffer(1 << 22);
      } else {
        const b = buf;
        for (let i = 0; i < 3000; i++) held = b.slice(0);
      }
      sink += held === 0 ? 1 : 2;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
