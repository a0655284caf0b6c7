/**
 * EXERCISE: rope-by-error-tostring
 * Class: memory exhaustion
 * Tries: rope-flatten-oom's doubling with no `+` at all. Error.prototype.toString makes
 *   `name + ": " + message` in V8 with StringAdd: a rope, made by a builtin no wrapper of the
 *   realm bounds and the strings pass never sees (it routes only the `+`, `+=` and template
 *   literals it can find in the extension's text). An Error whose name and message are both the
 *   last result doubles it each round: 9 rounds from 2^19 two-byte characters give a 2^28
 *   character rope for a handful of fuel units, and `===` of two such ropes makes V8 flatten one
 *   (512 MiB).
 * Defence: the realm's Error.prototype.toString reads name and message once, as the builtin
 *   does, and refuses a result past the realm's string bound before it is made, charging its
 *   length (sandbox/native/bounded-strings.ts); stacks, which start with the same text, are
 *   cut (bounded-stacks.ts). QuickJS makes it flat (its memory limit bounds it) and the prelude
 *   charges it by length. Before (06:28 UTC): typed: stopped: budget; native: kernel down:
 *   heap; server: the whole CLI aborted (exit 134); --mode all: once exit 4, once exit 134.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

function rope(seed: string): string {
  let s = seed;
  for (let j = 0; j < 9; j++) {
    const e = new Error(s);
    e.name = s;
    s = e.toString();
  }
  return s;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const seed = "\u0100".repeat(1 << 19);
      const same = rope(seed) === rope(seed);
      const first = args.resident[same ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
