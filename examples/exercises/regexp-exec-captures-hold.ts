/**
 * EXERCISE: regexp-exec-captures-hold
 * Class: resource hog
 * Tries: a RegExp subclass whose exec returns a match object claiming 2^32-1 captures: String.prototype.replace hands it to RegExp.prototype[Symbol.replace], whose wrapper bounds only the subject and the replacement; V8's slow path then reads every capture index of the result (ToLength(result.length)) in C++, no guest code, no fuel, no interrupt.
 * Defence: V8 placements: the RegExp symbol-method wrappers (sandbox/native/bounded-strings.ts,
 *   refuseNonPlainRegExp) refuse a receiver that is not a plain RegExp (a subclass, an own
 *   `exec`, a Proxy) with a RangeError before V8 reads its exec. typed (QuickJS): setting a length of 2^32-1
 *   on the match array runs out of the 16 MiB memory limit, in sfi too (red team 8: every class
 *   was once outside sfi's function table, so `new` of the subclass was an sfi fault first).
 * Expected: stopped: memory
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

class ManyCaptures extends RegExp {
  private served = false;
  override exec(_s: string): RegExpExecArray | null {
    if (this.served) return null;
    this.served = true;
    const m = /a/.exec("abc");
    if (m === null) return null;
    m.length = 2 ** 32 - 1;
    return m;
  }
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const out = "abc".replace(new ManyCaptures("a"), "x");
      const first = args.resident[out.length > 3 ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
