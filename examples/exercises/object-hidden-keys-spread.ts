/**
 * EXERCISE: object-hidden-keys-spread
 * Class: unpolled C builtins
 * Tries: walk 2^15 own keys uncharged by making them non-enumerable. contain15 charges an
 *   object's own keys by counting them with the realm's Object.keys (for-in-fuel.ts
 *   namedKeyCount; the SFI runtime's count in typed and sfi), which lists enumerable keys only.
 *   `Object.create(null, descriptors)` (allowed: the verifier bans defineProperties, not create)
 *   makes an object whose 2^15 keys are all non-enumerable; it is charged once, by the
 *   descriptors' keys, in the first call. From then on every `{ ...o }` walks all 2^15 keys in
 *   C++ (V8's CopyDataProperties reads each key's attributes: ~14 ms a spread; Object.assign alike) and is charged 0
 *   keys; so is `Object.keys(o)` (charged by the empty list it returns, ~1 ms of walking).
 * Defence: an object's own walk is counted by every own key (getOwnPropertyNames), the non-enumerable
 *   ones too: V8 16 units a key (for-in-fuel.ts namedKeyCount, Object.keys counted first),
 *   QuickJS's __sfi_idx by the prelude's getOwnPropertyNames. Before (red team 14): native and
 *   server stopped by the deadline (calls ~1,060 ms, 2 killed), typed 727 ms calls unstopped,
 *   sfi's two runs once differed.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let hidden: object | undefined;
let sink = 0;

function make(): object {
  const descriptors: Record<number, { value: number }> = {};
  for (let i = 0; i < 1 << 15; i++) descriptors[-1 - i] = { value: i };
  const made: unknown = Object.create(null, descriptors);
  if (typeof made !== "object" || made === null) throw new Error("not an object");
  return made;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (hidden === undefined) hidden = make();
      else {
        for (let j = 0; j < 400; j++) {
          const copy = { ...hidden };
          sink += Object.keys(copy).length + 1;
        }
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
