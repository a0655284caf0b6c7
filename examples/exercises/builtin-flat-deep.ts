/**
 * EXERCISE: builtin-flat-deep
 * Class: deep recursion
 * Tries: flat(Infinity) an array nested 100,000 levels deep: the C flattening recursion is as
 *   deep as the nesting, inside one call.
 * Defence: the prelude's flat flattens the inner levels in JavaScript, so the depth is the
 *   guest's own recursion, bounded by its stack limit (256 KiB): a stack fault, the VM usable.
 * Expected: stopped: stack
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
