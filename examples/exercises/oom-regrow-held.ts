/**
 * EXERCISE: oom-regrow-held
 * Class: memory bomb
 * Tries: keep more than the VM's memory limit (16 MiB) from call to call, in a WASM memory the
 *   host never measures again: the first call makes 22 buffers of 1 MiB (Float64Array) and lets
 *   them go before it returns (the WASM memory grows to ~28 MiB; the host measures the heap in
 *   use after that call, ~0.3 MiB, and is content); the second call makes 20 of them and keeps
 *   them. That call does not grow the WASM memory (the first one's pages are reused), and the
 *   host measures the heap in use only after a call that grew it (sandbox/memory-guard.ts
 *   overLimit); QuickJS's own limit is now the VM's limit + 8 MiB (engine.ts quickjsLimitBytes,
 *   red team 16), so nothing refuses the 20 MiB either, and the VM keeps them to the end of the
 *   run. (Buffers, not strings: a 22-million-character `repeat` holds typed past its deadline by
 *   itself, findings/repeat-past-big.ts.)
 * Defence: the host measures the heap in use after every call once the WASM memory is larger
 *   than the limit (sandbox/memory-guard.ts overLimit; in a memory no larger, no more than the
 *   limit can be in use, so a VM that never outgrew it pays nothing): the second call, 20.3 MiB
 *   in use, is stopped: memory and the VM retired, "(20.3 MiB in use, limit 16.0 MiB)".
 * Found (redteam18q, 2026-12-02, `spin exercise run findings/oom-regrow-held.ts --mode all
 *   --json --timing`): typed and sfi ESCAPED (memory-bounded): "heap 20.3 MiB of 16.0 MiB after
 *   the run" (sfi 20.6 MiB), every call accepted, the VM never retired; native and server
 *   contained: exception (no typed arrays there). A probe (typed): after the first call 0.3 MiB
 *   in use, WASM 26.5-27.8 MiB; after the second 18.3-19.4 MiB in use, the WASM memory unchanged.
 * After (boundoom18): typed, sfi stopped: memory (16 MiB, the second call); native, server as
 *   before.
 * Expected: stopped: memory
 * Check: memory-bounded
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

let calls = 0;
let held: Float64Array[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      calls++;
      if (calls === 1) {
        const passing: Float64Array[] = [];
        for (let i = 0; i < 22; i++) passing.push(new Float64Array(131_072));
        held = [];
        if (passing.length > 22) held = passing;
      } else if (calls === 2) {
        const kept: Float64Array[] = [];
        for (let i = 0; i < 20; i++) kept.push(new Float64Array(131_072));
        held = kept;
      }
      const first = args.resident[held.length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
