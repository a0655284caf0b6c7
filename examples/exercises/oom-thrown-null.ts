/**
 * EXERCISE: oom-thrown-null
 * Class: memory bomb
 * Tries: run QuickJS out of memory inside a C builtin (`new Set(a)` of a 2^18-element array while
 *   the last such Set is still held, under a 4 MiB limit: red team 16 used 2^19 under the default
 *   16 MiB, to the same end, more slowly), where QuickJS, unable to allocate even the
 *   InternalError it would throw, throws `null` instead; catch the null, as if it were the
 *   extension's own `throw null`, and carry on (400 times a call).
 * Defence: the VM's memory limit. The allocation that fails is one the WASM memory can no longer
 *   grow for (its maximum is twice the limit past its start, and emscripten grows it by 5% at
 *   least, so it stops ~4% short); the host checks at every poll and after every call whether
 *   the memory can still grow, and a VM whose memory cannot is retired as out of memory, whatever
 *   the guest threw or caught; and QuickJS's own limit is the VM's + 8 MiB, so that its count of
 *   blocks (8 bytes each, whatever their size) no longer refuses small ones first, with the
 *   memory far from full (1 to 2.5 MiB limits, measured). Red team 16 found it (findings/oom-thrown-null.ts, without the
 *   catch): typed and sfi reported "guest threw null" (contained: exception), the VM not retired;
 *   the host's check was for a memory at its very maximum, which it never reaches.
 *   Without the host's check (measured), the caught nulls carry the call on to its budget: stopped:
 *   budget in typed and sfi, the VM alive and its memory full.
 *   native and server have no such memory: V8 builds each Set, and the fuel the array iterator
 *   charges for the 400 stops the call.
 * Expected: stopped: memory
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 * Limits: memoryBytes=4194304
 */
import { defineExtension } from "spin-kernel/extension";

const a: number[] = [];
let held: unknown = 0;
let caught = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (a.length < 1 << 18) {
        for (let i = 0; i < 60_000 && a.length < 1 << 18; i++) a.push(a.length);
      } else {
        for (let k = 0; k < 400; k++) {
          try {
            held = new Set(a);
          } catch (e) {
            if (e !== null) throw e;
            caught++;
          }
        }
      }
      const first = args.resident[(caught + (held === 0 ? 0 : 1)) % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
