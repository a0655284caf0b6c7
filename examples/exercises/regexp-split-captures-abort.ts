/**
 * EXERCISE: regexp-split-captures-abort
 * Class: resource hog
 * Tries: the same RegExp subclass (exec returns a match array of length 2^32-1), handed to String.prototype.split: V8's RegExp split slow path copies every capture of the result into the result array in C++ (no guest code, no fuel), growing it toward 2^32 elements.
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
  override exec(_s: string): RegExpExecArray | null {
    if (this.lastIndex > 2) return null;
    const m = /a/.exec("abc");
    if (m === null) return null;
    m.length = 2 ** 32 - 1;
    return m;
  }
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const out = "abc".split(new ManyCaptures("a"));
      const first = args.resident[out.length > 3 ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
