/**
 * EXERCISE: kernel-heap-by-design
 * Class: memory bomb
 * Tries: fill the heap while paying for it honestly: each call makes 12 ropes of 2^21 two-byte
 *   characters (a `+` doubling, ~65,000 units each at a unit per 64 characters), flattens each
 *   (charCodeAt: one 4 MiB string) and keeps it in a module-level array, ~50 MiB a call.
 * Defence: typed and sfi: QuickJS walks a rope without flattening it, and its last doublings
 *   pay a tick per 64 characters: the interrupt budget; server: its realm's string bound (2^19)
 *   refuses the doubling. native trusts extensions with the
 *   kernel's memory, as SPIN did: nothing but the kernel's heap stops this, and the run ends as
 *   designed, "kernel down: heap exhausted (512 MiB)" (docs/PLACEMENTS.md, "Kernel down, by
 *   design"). Red team 7's charges made server-heap-past-limits and fill-bound-oom budget faults
 *   in native; this one keeps the designed end in the matrix.
 * Expected: stopped: budget
 * Expected-native: kernel down: heap
 * Expected-server: contained: exception
 * Check: unloaded
 * Check-native:
 * Check-server:
 */
import { defineExtension } from "spin-kernel/extension";

const hoard: string[] = [];

function flatRope(seed: number): string {
  // Two two-byte characters doubled 20 times: 2^21, the kernel realm's string bound.
  let s = String.fromCharCode(0x100 + (seed % 256), 0x100);
  for (let i = 0; i < 20; i++) s = s + s;
  s.charCodeAt(0);
  return s;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (let i = 0; i < 12; i++) hoard.push(flatRope(hoard.length));
      const first = args.resident[hoard.length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
