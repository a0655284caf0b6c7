/**
 * EXERCISE: builtin-alias-json-assign
 * Class: builtin mutation
 * Tries: replace JSON.stringify by seeing JSON as a plain `object` (which has no members to
 *   write) and `Object.assign(t, { stringify })`, which writes what the type does not show.
 * Defence: the verifier's no-undeclared-write rule (Object.assign only into a new object literal);
 *   no-builtin-mutation refuses the direct `Object.assign(JSON, ...)`.
 * Expected: rejected: verifier (no-undeclared-write)
 *
 * Found by a red team (issue 8, finding 8).
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const target: object = JSON;
      Object.assign(target, { stringify: () => "{}" });
      const first = args.resident[JSON.stringify(args).length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
