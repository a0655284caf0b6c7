/**
 * EXERCISE: object-rest-param-scope
 * Class: correct extension refused
 * Tries: a correct extension whose meaning the rest rewrite (extensions/sfi/passes/object-rest.ts,
 *   every placement: it charges a rest's copy) changed: (1) an earlier parameter's default, a
 *   closure, names a binding of a later parameter's pattern with an object rest (the refusal
 *   looked only at later parameters): moved into the body, the binding was out of the closure's
 *   sight and it read the module's `rest` instead; (2) a generator's parameter pattern with a
 *   rest is destructured at the call, before the first next(): moved into the body, a getter of
 *   the argument ran at the first next().
 * Defence: refused at load, at its place, with what to do, in every placement: a parameter that
 *   names a binding of any other parameter's pattern with an object rest
 *   (sfi/rest-parameter-default, earlier ones too), and a generator's parameter pattern with an
 *   object rest (sfi/rest-parameter-generator: destructure it in the body, or in a plain function
 *   that calls the generator). Before (red team 17): loaded, and the handler's own check (the
 *   generator's getter ran late) threw in every placement: contained: exception, 10 violations,
 *   unloaded.
 * Expected: rejected: sfi rewrite (sfi/rest-parameter-default)
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

const rest = { which: 1 };
let order = "";

function pick(get = (): number => rest.which, { ...rest }: { which: number }): number {
  return get();
}

function* gen({ ...r }: { a: number }): Generator<number> {
  order += "b";
  yield r.a;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      order = "";
      const src = {
        get a(): number {
          order += "g";
          return 0;
        },
      };
      const it = gen(src);
      order += "c";
      it.next();
      if (order !== "gcb") throw new Error(`generator parameter destructured late: ${order}`);
      const w = pick(undefined, { which: 0 });
      if (w !== 0) throw new Error(`closure saw the module's rest: ${w}`);
      const first = args.resident[w];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
