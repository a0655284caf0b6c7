/**
 * The floor of a sandboxed Clock (bench/pager-floor.ts) runs clock.ts's own logic with its fuel
 * counters: on the thrashing pattern it measures, the fuel it counts is the hand search's, event by
 * event (a hand that has gone round searches the whole list once, then starts again at frame 0).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pagerFloor } from "../../bench/pager-floor.js";
import { packageRoot } from "../../extensions/loader/index.js";

describe("the pager floor", () => {
  it("runs examples/pagers/clock.ts's counted code on a thrashing Clock's events", async () => {
    const file = path.join("examples", "pagers", "clock.ts");
    const source = fs.readFileSync(path.join(packageRoot(), file), "utf8");
    const frames = 32;
    const events = frames + 1;
    const f = await pagerFloor(file, source, frames, events, 1);
    // Event k (1..frames): the function entry, k - 1 pages passed to reach the hand, one step to
    // the victim. Then the hand is past the last frame: the whole list searched, the victim frame 0.
    let fuel = 0;
    for (let k = 1; k <= frames; k++) fuel += 1 + (k - 1) + 1 + 0;
    fuel += 1 + frames + 1;
    expect(f.fuelPerEvent * events).toBe(fuel);
    expect(f.handlerMs).toBeGreaterThanOrEqual(0);
  });
});
