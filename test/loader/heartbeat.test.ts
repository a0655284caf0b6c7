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
  decisionCapacity,
} from "../../extensions/loader/heartbeat.js";

const spec = { timeoutMs: 1_000 };

describe("the heartbeat", () => {
  it("a running call can be claimed once; a returned one cannot", () => {
    const hb = Heartbeat.create(16);
    const clock = new SupervisedClock(hb, { kills: [] });
    const call = clock.begin(spec);
    expect(hb.read()).toMatchObject({ phase: PHASE_RUNNING, seq: 1, kind: "invocation" });
    expect(hb.read().deadline - hb.read().startedAt).toBeCloseTo(1_000, 3);
    expect(hb.claim(1)).toBe(true);
    expect(hb.read().phase).toBe(PHASE_CLAIMED);
    expect(hb.claim(1)).toBe(false);
    // (The worker would now wait in end() until terminated: not called here.)
    void call;
    const other = Heartbeat.create(16);
    const c2 = new SupervisedClock(other, { kills: [] });
    c2.end(c2.begin(spec));
    expect(other.read().phase).toBe(PHASE_IDLE);
    expect(other.claim(1)).toBe(false);
  });

  it("a claim of a call that has since returned gives the next call back", () => {
    const hb = Heartbeat.create(16);
    const clock = new SupervisedClock(hb, { kills: [] });
    clock.end(clock.begin(spec));
    clock.begin(spec); // call 2 is running; the supervisor still believes call 1 is
    expect(hb.claim(1)).toBe(false);
    expect(hb.read()).toMatchObject({ phase: PHASE_RUNNING, seq: 2 });
  });

  it("records the answers of live checks and replays them, and only them, before the last kill", () => {
    const live = Heartbeat.create(16);
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

    const replay = new SupervisedClock(Heartbeat.create(16, live.decisions()), {
      kills: [{ seq: 3, kind: "invocation", heldMs: 1_025 }],
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

  it("records and replays the run's host time running out (kind run) like the other deadlines", () => {
    const live = Heartbeat.create(16);
    const clock = new SupervisedClock(live, { kills: [] });
    const call = clock.begin({ timeoutMs: 60_000, runLeftMs: -1 }); // the VM's host time is already spent
    expect(hbKind(live)).toBe("run");
    expect(call.expired()).toBe("run");
    clock.end(call);
    expect(live.decisions()).toEqual([{ seq: 1, check: 1, kind: "run" }]);
    const replay = new SupervisedClock(Heartbeat.create(16, live.decisions()), {
      kills: [{ seq: 2, kind: "run", heldMs: 30 }],
    });
    const r1 = replay.begin({ timeoutMs: 60_000, runLeftMs: 60_000 });
    expect(r1.expired()).toBe("run");
    replay.end(r1);
    expect(replay.begin({ timeoutMs: 60_000 })).toMatchObject({ seq: 2, killed: "run" });
  });

  it("a replayed kill moves the clock on by the host time the killed call held (red team 2, finding 4)", () => {
    const replay = new SupervisedClock(Heartbeat.create(16), {
      kills: [{ seq: 2, kind: "invocation", heldMs: 5_000 }],
    });
    const before = replay.now() - performance.now();
    replay.end(replay.begin({ timeoutMs: 1_000 }));
    replay.end(replay.begin({ timeoutMs: 1_000 })); // the killed call: fails at once
    const ahead = replay.now() - performance.now();
    // (Both differences are read a few microseconds apart.)
    expect(Math.abs(before)).toBeLessThan(1);
    expect(Math.abs(ahead - 5_000)).toBeLessThan(1);
    // An event whose time started before the killed call is over in the calls after it.
    const after = replay.begin({ timeoutMs: 1_000, event: { at: performance.now() + 2_000, limitMs: 2_000 } });
    expect(after.expired()).toBe("event");
  });

  it("the log is sized from the run so that it cannot overflow", () => {
    // One answer per guest call at most, a violation each, unloaded at maxViolations: module
    // evaluation + maxViolations + one stale answer of a killed call, per extension.
    expect(decisionCapacity(1, 10)).toBe(12);
    expect(decisionCapacity(3, 10_000)).toBe(30_006);
    const hb = Heartbeat.create(decisionCapacity(1, 1));
    const clock = new SupervisedClock(hb, { kills: [] });
    for (let i = 0; i < 3; i++) {
      const c = clock.begin({ timeoutMs: -1 });
      expect(c.expired()).toBe("invocation");
      clock.end(c);
    }
    expect(hb.decisions()).toHaveLength(3);
    const over = clock.begin({ timeoutMs: -1 });
    over.expired();
    clock.end(over);
    expect(() => hb.decisions()).toThrow(/^internal: the run made more than 3 timeout decisions/);
  });
});

function hbKind(hb: Heartbeat): string {
  return hb.read().kind;
}
