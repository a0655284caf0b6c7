/**
 * EXERCISE: load-time-unmetered
 * Class: load-time code
 * Tries: compute for seconds while the module is evaluated, with what no-top-level-side-effects
 *   allows at load: `new` of a typed array (a builtin container, it runs no extension code) from
 *   an 8-million-element array-like is one C call of about a quarter of a second with no
 *   interrupt poll (only its length is kept, so memory stays small), and sixteen of them are
 *   four seconds. `spin load` evaluated the module under
 *   the host watchdog and stopped it, but `spin check` evaluated it in its own thread, unwatched,
 *   and said `ok` after the four seconds (the BigInt version: load-time-bigint).
 * Defence: the host watchdog, for `spin check` as for `spin load`: module evaluation runs in the
 *   supervised worker with its deadline (at least 1,000 ms), is killed 25 ms past it, and the
 *   replay fails it as a timeout: load/timeout, the extension refused, in both commands.
 * Expected: stopped: timeout (module evaluation)
 */
import { defineExtension } from "spin-kernel/extension";

const A0 = new Uint8Array({ length: 8_000_000 }).length;
const A1 = new Uint8Array({ length: 8_000_000 }).length;
const A2 = new Uint8Array({ length: 8_000_000 }).length;
const A3 = new Uint8Array({ length: 8_000_000 }).length;
const A4 = new Uint8Array({ length: 8_000_000 }).length;
const A5 = new Uint8Array({ length: 8_000_000 }).length;
const A6 = new Uint8Array({ length: 8_000_000 }).length;
const A7 = new Uint8Array({ length: 8_000_000 }).length;
const A8 = new Uint8Array({ length: 8_000_000 }).length;
const A9 = new Uint8Array({ length: 8_000_000 }).length;
const A10 = new Uint8Array({ length: 8_000_000 }).length;
const A11 = new Uint8Array({ length: 8_000_000 }).length;
const A12 = new Uint8Array({ length: 8_000_000 }).length;
const A13 = new Uint8Array({ length: 8_000_000 }).length;
const A14 = new Uint8Array({ length: 8_000_000 }).length;
const A15 = new Uint8Array({ length: 8_000_000 }).length;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[A0 + A1 + A2 + A3 + A4 + A5 + A6 + A7 - 64_000_000];
      const last = A8 + A9 + A10 + A11 + A12 + A13 + A14 + A15;
      if (first === undefined || last === 0) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
