/**
 * The shared heartbeat and the replaying clock (extensions/loader/heartbeat.ts), in one thread:
 * what the supervisor may claim, and what a replayed run answers at each deadline check.
 */
import { describe, expect, it } from "vitest";
import {
  Heartbeat,
  PHASE_CLAIMED,
  PHASE_IDLE,
  PHASE_RUNNING,
  SupervisedClock,
} from "../../extensions/loader/heartbeat.js";

const spec = { timeoutMs: 1_000 };

describe("the heartbeat", () => {
  it("a running call can be claimed once; a returned one cannot", () => {
    const hb = new Heartbeat();
    const clock = new SupervisedClock(hb, { kills: [] });
    const call = clock.begin(spec);
    expect(hb.read()).toMatchObject({ phase: PHASE_RUNNING, seq: 1, kind: "invocation" });
    expect(hb.read().deadline - hb.read().startedAt).toBeCloseTo(1_000, 3);
    expect(hb.claim(1)).toBe(true);
    expect(hb.read().phase).toBe(PHASE_CLAIMED);
    expect(hb.claim(1)).toBe(false);
    // (The worker would now wait in end() until terminated: not called here.)
    void call;
    const other = new Heartbeat();
    const c2 = new SupervisedClock(other, { kills: [] });
    c2.end(c2.begin(spec));
    expect(other.read().phase).toBe(PHASE_IDLE);
    expect(other.claim(1)).toBe(false);
  });

  it("a claim of a call that has since returned gives the next call back", () => {
    const hb = new Heartbeat();
    const clock = new SupervisedClock(hb, { kills: [] });
    clock.end(clock.begin(spec));
    clock.begin(spec); // call 2 is running; the supervisor still believes call 1 is
    expect(hb.claim(1)).toBe(false);
    expect(hb.read()).toMatchObject({ phase: PHASE_RUNNING, seq: 2 });
  });

  it("records the answers of live checks and replays them, and only them, before the last kill", () => {
    const live = new Heartbeat();
    const clock = new SupervisedClock(live, { kills: [] });
    const first = clock.begin({ timeoutMs: -1 }); // already past its deadline
    expect(first.expired()).toBe("invocation");
    clock.end(first);
    const second = clock.begin({ timeoutMs: 0, event: { at: performance.now() - 10, limitMs: 5 } });
    expect(second.expired()).toBe("event");
    clock.end(second);
    expect(live.decisions()).toEqual([
      { seq: 1, check: 1, kind: "invocation" },
      { seq: 2, check: 1, kind: "event" },
    ]);

    const replay = new SupervisedClock(Heartbeat.withDecisions(live.decisions()), {
      kills: [{ seq: 3, kind: "invocation" }],
    });
    const r1 = replay.begin({ timeoutMs: 60_000 });
    expect(r1.killed).toBeUndefined();
    expect(r1.expired()).toBe("invocation"); // the recorded answer, though the wall clock says no
    expect(r1.expired()).toBeUndefined(); // a check that was not recorded: never expired
    replay.end(r1);
    const r2 = replay.begin({ timeoutMs: 60_000 });
    expect(r2.expired()).toBe("event");
    replay.end(r2);
    const killed = replay.begin({ timeoutMs: 60_000 });
    expect(killed).toMatchObject({ seq: 3, killed: "invocation" });
    replay.end(killed);
    const after = replay.begin({ timeoutMs: 60_000 });
    expect(after.killed).toBeUndefined();
    expect(after.expired()).toBeUndefined(); // live again
  });
});
