/**
 * EXERCISE: builtin-flat-deep
 * Class: deep recursion
 * Tries: flat(Infinity) an array nested 100,000 levels deep: the C flattening recursion is as
 *   deep as the nesting, inside one call.
 * Defence: the prelude's flat flattens the inner levels in JavaScript, so the depth is the
 *   guest's own recursion, bounded by its stack limit (256 KiB): a stack fault, the VM usable.
 *   V8 placements: flat's snapshot descends at most 256 nested arrays
 *   (sandbox/native/bounded-builtins.ts): a RangeError at the same level every run, where V8's
 *   own stack overflow came at a depth that depends on the JIT (red team 5).
 * Expected: stopped: stack
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let deep: unknown[] = [args.vpn];
      for (let i = 0; i < 100_000; i++) deep = [deep];
      const flat = deep.flat(Infinity);
      const first = args.resident[flat.length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
