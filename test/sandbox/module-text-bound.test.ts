/**
 * The V8 placements refuse at load a module whose evaluated text (the native frame with the
 * Compartment's bindings and the module in place, and the sourceURL line) is longer than the
 * realm's string bound, and evaluate one exactly at it. Red team 10's module-frame-join-edge was
 * under a bound that counted the frame's markers and over it once the bindings were in: the
 * frame's join threw a RangeError of ours (native: exit 70).
 */
import { describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { SMALL_HEAP_LENGTH_BOUND } from "../../sandbox/native/realm.js";

/** A module body of exactly `length` characters that never calls defineExtension. */
function moduleOf(length: number): string {
  return `//${"x".repeat(length - 2)}`;
}

async function load(length: number) {
  return createExtensionVM("server", { source: moduleOf(length), filename: "edge.js", seed: 1 });
}

describe("a module at the V8 placements' string bound (module-frame-join-edge)", () => {
  it("is refused one character over the bound, counted with the frame's bindings, and evaluated at it", async () => {
    const over = await load(SMALL_HEAP_LENGTH_BOUND);
    expect(over.ok).toBe(false);
    if (over.ok) return;
    expect(over.error.kind).toBe("dead");
    const counted = /\((\d+) with the placement's frame\)/.exec(over.error.message);
    expect(counted, over.error.message).not.toBeNull();
    const frame = Number(counted![1]) - SMALL_HEAP_LENGTH_BOUND;
    // The frame with its bindings is longer than the frame's text with its markers (the edge).
    expect(frame).toBeGreaterThan(1_500);

    const oneOver = await load(SMALL_HEAP_LENGTH_BOUND - frame + 1);
    expect(oneOver.ok).toBe(false);
    if (!oneOver.ok)
      expect(oneOver.error.message).toContain(`(${SMALL_HEAP_LENGTH_BOUND + 1} with the placement's frame)`);

    const at = await load(SMALL_HEAP_LENGTH_BOUND - frame);
    expect(at.ok).toBe(false);
    if (!at.ok) expect(at.error.message).toBe("the module never called defineExtension");
  });
});
