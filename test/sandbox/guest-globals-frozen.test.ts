/**
 * Every object and function an extension's Compartment reaches from its globals is frozen (red
 * team 17, shared-static-function-state): the guest globals the kernel makes after lockdown
 * (realm.ts guestGlobals, once per realm; native-vm.ts vmGlobals, once per VM) were frozen at
 * their top only, and the guest Symbol's `for`, a function made once per realm, kept a counter
 * a constrained generic added to it, seen by the next run and by every other extension.
 */
import { describe, expect, it } from "vitest";
import { vmGlobals } from "../../sandbox/native/native-vm.js";
import { hardenRealm, newCompartment } from "../../sandbox/native/realm.js";

/** At most this many objects walked: the realm's intrinsics are a few thousand. */
const WALK_BOUND = 50_000;

/** Every object or function reached from `root`'s own properties (values, getters, setters) and prototypes, bounded; `root` itself not included. */
function reachable(root: object): { found: Set<object>; paths: Map<object, string> } {
  const found = new Set<object>();
  const paths = new Map<object, string>();
  const queue: [unknown, string][] = [];
  const visit = (o: object, path: string) => {
    for (const key of Reflect.ownKeys(o)) {
      const d = Reflect.getOwnPropertyDescriptor(o, key)!;
      const name = `${path}.${String(key)}`;
      queue.push([d.value, name], [d.get, `${name}<get>`], [d.set, `${name}<set>`]);
    }
    queue.push([Reflect.getPrototypeOf(o), `${path}.__proto__`]);
  };
  visit(root, "globalThis");
  while (queue.length > 0) {
    const [v, path] = queue.shift()!;
    if ((typeof v !== "object" && typeof v !== "function") || v === null || v === root || found.has(v)) continue;
    if (found.size >= WALK_BOUND) throw new Error(`more than ${WALK_BOUND} objects reachable`);
    found.add(v);
    paths.set(v, path);
    visit(v, path);
  }
  return { found, paths };
}

describe("an extension's Compartment's globals", () => {
  it("reach only frozen objects and functions (the kernel's replacements and their statics included)", async () => {
    const ses = await hardenRealm();
    // Two Compartments, as two extensions of one realm: both reach the realm's guestGlobals.
    for (const seed of [1, 2]) {
      const { compartment } = newCompartment(
        ses,
        vmGlobals(seed, () => 0),
      );
      const { found, paths } = reachable(compartment.globalThis);
      expect(found.size).toBeGreaterThan(300);
      const open = [...found].filter((o) => !Object.isFrozen(o)).map((o) => paths.get(o));
      expect(open).toEqual([]);
      // The finding's path, named: the guest Symbol's `for`, and Math.random and Date.now of the VM's own.
      const g = compartment.globalThis as Record<string, { for?: unknown; random?: unknown; now?: unknown }>;
      expect(Object.isFrozen(g.Symbol?.for)).toBe(true);
      expect(Object.isFrozen(g.Math?.random)).toBe(true);
      expect(Object.isFrozen(g.Date?.now)).toBe(true);
    }
  });
});
