/**
 * EXERCISE: oom-thrown-null
 * Class: memory bomb
 * Tries: run QuickJS out of memory inside a C builtin (a Set's `add` under a 2 MiB limit, one
 *   small record at a time), where QuickJS, unable to allocate even the InternalError it would
 *   throw, throws `null` instead; catch the null, as if it were the extension's own `throw null`,
 *   and carry on, every call. (Red team 16 used `new Set(a)` of a 2^19-element array, 400 times a
 *   call, under the default 16 MiB; the iteration charge merged since stops that by the budget in
 *   QuickJS before the memory runs out, so the Set is filled here by a loop the budget allows.)
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
 *   native and server have no such memory: V8 builds the Set until the fuel stops the loop, or a
 *   server's heap (2 MiB + 16 MiB of runtime) runs out first.
 * Expected: stopped: memory
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget | stopped: memory
 * Limits: memoryBytes=2097152
 */
import { defineExtension } from "spin-kernel/extension";

let held: unknown = 0;
let caught = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      try {
        const s = new Set<number>();
        for (let i = 0; i < 1 << 20; i++) s.add(i);
        held = s;
      } catch (e) {
        if (e !== null) throw e;
        caught++;
      }
      const first = args.resident[(caught + (held === 0 ? 0 : 1)) % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
