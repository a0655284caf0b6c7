import { describe, expect, it } from "vitest";
import { Dispatcher } from "../../kernel/dispatcher/dispatcher.js";
import { DispatcherError, DispatcherErrorCode } from "../../kernel/dispatcher/errors.js";
import { shareByWeight, shareWhole } from "../../kernel/dispatcher/apportion.js";
import {
  nativeHandler,
  type Handler,
  type HandlerDomain,
  type HandlerOutcome,
} from "../../kernel/dispatcher/handler.js";
import type { EventArgs } from "../../kernel/events/catalogue.js";

const PNP = "Translation.PageNotPresent" as const;
const args = (space: number, vpn: number): EventArgs<typeof PNP> => ({
  space,
  thread: 0,
  vpn,
  access: "read",
  onSwap: false,
});
const key = (space: number, vpn: number) => ({ space, vpn, thread: 0 });

/** A dispatcher whose PageNotPresent default answers prefetch [999], and a log of who ran. */
function setup() {
  const d = new Dispatcher();
  d.timing = false;
  const log: string[] = [];
  d.setDefault(
    PNP,
    nativeHandler<typeof PNP>("default", () => (log.push("default"), { prefetch: [999] })),
  );
  const handler = (name: string, prefetch: number[]) =>
    nativeHandler<typeof PNP>(name, () => (log.push(name), { prefetch }));
  return { d, log, handler };
}

/** An untrusted handler returning whatever it is given (stands in for a sandboxed one). */
function untrusted(name: string, value: unknown, log: string[]): Handler {
  return {
    kind: "sandboxed",
    name,
    trusted: false,
    invoke: () => (log.push(name), { ok: true, value, instructions: 7 }),
  };
}

describe("dispatcher", () => {
  it("runs the default handler alone when no binding matches (fast path)", () => {
    const { d, log } = setup();
    expect(d.raise(PNP, key(0, 5), args(0, 5))).toEqual({ prefetch: [999] });
    expect(log).toEqual(["default"]);
    expect(d.defaultAccount(PNP).invocations).toBe(1);
  });

  it("runs the default first and lets the installed handler's result win (last wins)", () => {
    const { d, log, handler } = setup();
    d.install(PNP, handler("a", [1]));
    expect(d.raise(PNP, key(0, 5), args(0, 5))).toEqual({ prefetch: [1] });
    expect(log).toEqual(["default", "a"]);
  });

  it("orders First (newest first), plain (install order), Last", () => {
    const { d, log, handler } = setup();
    d.install(PNP, handler("last1", [1]), { options: { last: true } });
    d.install(PNP, handler("plain1", [2]));
    d.install(PNP, handler("first1", [3]), { options: { first: true } });
    d.install(PNP, handler("plain2", [4]));
    d.install(PNP, handler("first2", [5]), { options: { first: true } });
    d.install(PNP, handler("last2", [6]), { options: { last: true } });
    expect(d.raise(PNP, key(0, 1), args(0, 1))).toEqual({ prefetch: [6] });
    expect(log).toEqual(["default", "first2", "first1", "plain1", "plain2", "last1", "last2"]);
  });

  it("Cancel suppresses the default handler", () => {
    const { d, log, handler } = setup();
    d.install(PNP, handler("a", [1]), { options: { cancel: true } });
    expect(d.raise(PNP, key(0, 1), args(0, 1))).toEqual({ prefetch: [1] });
    expect(log).toEqual(["a"]);
  });

  it("combines results with the event's result handler", () => {
    const { d, handler } = setup();
    d.install(PNP, handler("a", [1, 2]));
    d.install(PNP, handler("b", [3]));
    d.setResultHandler(PNP, (results) => ({ prefetch: results.flatMap((r) => r.prefetch ?? []) }));
    expect(d.raise(PNP, key(0, 1), args(0, 1))).toEqual({ prefetch: [999, 1, 2, 3] });
  });

  it("guards: a handler sees only its space and page range", () => {
    const { d, log, handler } = setup();
    d.install(PNP, handler("space1", [1]), { guard: { space: 1 } });
    d.install(PNP, handler("range", [2]), { guard: { space: 0, vpn: { lo: 10, hi: 20 } } });
    d.raise(PNP, key(0, 5), args(0, 5));
    d.raise(PNP, key(0, 15), args(0, 15));
    d.raise(PNP, key(1, 15), args(1, 15));
    expect(log).toEqual(["default", "default", "range", "default", "space1"]);
  });

  it("falls back to the default when the only handler throws, and records the failure", () => {
    const { d, log } = setup();
    const binding = d.install(
      PNP,
      nativeHandler<typeof PNP>("boom", () => {
        throw new Error("kaput");
      }),
      { options: { cancel: true } },
    );
    const faults: string[] = [];
    d.onFault((b, f) => faults.push(`${b.id}:${f.kind}:${f.message}`));
    expect(d.raise(PNP, key(0, 1), args(0, 1))).toEqual({ prefetch: [999] });
    expect(log).toEqual(["default"]);
    expect(binding.account.failures).toBe(1);
    expect(faults).toEqual([`${binding.id}:exception:kaput`]);
  });

  it("refuses an untrusted result that does not fit the schema, and falls back", () => {
    const { d, log } = setup();
    const bad = d.install(PNP, untrusted("nan", { prefetch: [NaN] }, log), { options: { cancel: true } });
    const extra = d.install(PNP, untrusted("extra", { prefetch: [], secret: 1 }, log), { options: { cancel: true } });
    expect(d.raise(PNP, key(0, 1), args(0, 1))).toEqual({ prefetch: [999] });
    expect(bad.account.lastFault?.message).toBe("result.prefetch[0]: expected a finite number, got NaN");
    expect(extra.account.lastFault?.message).toMatch(/result.secret: unknown field/);
    expect(bad.account.instructions).toBe(7);
  });

  it("applies the kernel's validator to results", () => {
    const { d, log } = setup();
    d.setValidator(PNP, (result) => ((result.prefetch ?? []).includes(13) ? "page 13 is unlucky" : undefined));
    const b = d.install(PNP, untrusted("thirteen", { prefetch: [13] }, log), { options: { cancel: true } });
    expect(d.raise(PNP, key(0, 1), args(0, 1))).toEqual({ prefetch: [999] });
    expect(b.account.faultsByKind.get("invalid-result")).toBe(1);
  });

  it("authorizer: an application is confined to its own space", () => {
    const { d, log, handler } = setup();
    const app = { kind: "application", space: 2, name: "db" } as const;
    const b = d.install(PNP, handler("mine", [1]), { principal: app });
    expect(b.guard.space).toBe(2);
    d.raise(PNP, key(1, 1), args(1, 1));
    d.raise(PNP, key(2, 1), args(2, 1));
    expect(log).toEqual(["default", "default", "mine"]);
    const refused = () => d.install(PNP, handler("theirs", [1]), { principal: app, guard: { space: 1 } });
    expect(refused).toThrowError(DispatcherError);
    expect(refused).toThrowError("application db (space 2) may not handle Translation.PageNotPresent for space 1");
    expect(() => d.install(PNP, handler("p", []), { principal: app, guard: { predicate: () => true } })).toThrowError(
      /native predicate/,
    );
  });

  it("rejects bad guards, options, events and double uninstall with codes", () => {
    const { d, handler } = setup();
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as DispatcherError).code;
      }
      return "no error";
    };
    expect(code(() => d.install("PhysAddr.Reclaim", handler("x", []), { guard: { vpn: { lo: 0, hi: 1 } } }))).toBe(
      DispatcherErrorCode.InvalidGuard,
    );
    expect(code(() => d.install(PNP, handler("x", []), { guard: { vpn: { lo: 5, hi: 1 } } }))).toBe(
      DispatcherErrorCode.InvalidGuard,
    );
    expect(code(() => d.install(PNP, handler("x", []), { options: { first: true, last: true } }))).toBe(
      DispatcherErrorCode.InvalidOptions,
    );
    expect(code(() => d.install("No.Such" as never, handler("x", [])))).toBe(DispatcherErrorCode.UnknownEvent);
    const b = d.install(PNP, handler("x", []));
    d.uninstall(b);
    expect(code(() => d.uninstall(b))).toBe(DispatcherErrorCode.NotInstalled);
  });

  it("an uninstalled handler is not invoked, even mid-raise", () => {
    const { d, log, handler } = setup();
    let second: ReturnType<Dispatcher["install"]> | undefined;
    d.install(
      PNP,
      nativeHandler<typeof PNP>("unloader", () => (log.push("unloader"), d.uninstall(second!), {})),
    );
    second = d.install(PNP, handler("victim", [1]));
    d.raise(PNP, key(0, 1), args(0, 1));
    expect(log).toEqual(["default", "unloader"]);
  });

  it("invokes several handlers of one domain in one crossing", () => {
    const { d } = setup();
    let crossings = 0;
    const domain: HandlerDomain = {
      invokeMany(calls) {
        crossings++;
        return calls.map((_, i): HandlerOutcome => ({ ok: true, value: { prefetch: [i] }, instructions: 1 }));
      },
    };
    const member = (name: string): Handler => ({
      kind: "sandboxed",
      name,
      trusted: false,
      domain,
      invoke: () => {
        throw new Error("must batch");
      },
    });
    d.install(PNP, member("a"));
    d.install(PNP, member("b"));
    d.install(PNP, member("c"));
    expect(d.raise(PNP, key(0, 1), args(0, 1))).toEqual({ prefetch: [2] });
    expect(crossings).toBe(1);
    expect(d.bindings().map((b) => b.account.invocations)).toEqual([1, 1, 1]);
  });

  it("shares a batch's host time by its handlers' fuel (not evenly), and counts those invocations as batched", () => {
    const { d } = setup();
    d.timing = true;
    const domain: HandlerDomain = {
      invokeMany(calls) {
        // The crossing takes some host time (until the clock moves: bounded by the clock's tick).
        const start = performance.now();
        while (performance.now() === start);
        return calls.map((_, i): HandlerOutcome => ({ ok: true, value: {}, instructions: 0, fuel: [1, 3, 0][i]! }));
      },
    };
    const member = (name: string): Handler => ({
      kind: "sandboxed",
      name,
      trusted: false,
      domain,
      invoke: () => ({ ok: true, value: {}, instructions: 0 }),
    });
    const [a, b, c] = ["a", "b", "c"].map((n) => d.install(PNP, member(n)));
    d.raise(PNP, key(0, 1), args(0, 1));
    const total = a!.account.hostNs + b!.account.hostNs + c!.account.hostNs;
    expect(total).toBeGreaterThan(0);
    expect(b!.account.hostNs / a!.account.hostNs).toBeCloseTo(3, 9);
    expect(c!.account.hostNs).toBe(0);
    expect([a, b, c].map((x) => [x!.account.fuel, x!.account.batched])).toEqual([
      [1, 1],
      [3, 1],
      [0, 1],
    ]);
  });

  it("shares whole units by weight exactly (largest remainder, ties to the earlier), evenly without weights", () => {
    expect(shareWhole(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(shareWhole(7, [1, 3])).toEqual([2, 5]);
    expect(shareWhole(5, [0, 0])).toEqual([3, 2]);
    expect(shareWhole(0, [2, 9])).toEqual([0, 0]);
    expect(shareByWeight(6, [0, 0, 0])).toEqual([2, 2, 2]);
    expect(shareByWeight(8, [1, 3])).toEqual([2, 6]);
  });

  it("looks at matching bindings only: 1,000 installed, one matches", () => {
    const { d, log } = setup();
    let invoked = 0;
    let guardsEvaluated = 0;
    for (let s = 0; s < 1000; s++) {
      d.install(
        PNP,
        nativeHandler<typeof PNP>(`h${s}`, () => (invoked++, {})),
        {
          guard: { space: s, predicate: () => (guardsEvaluated++, true) },
        },
      );
    }
    d.raise(PNP, key(500, 1), args(500, 1));
    expect(invoked).toBe(1);
    expect(guardsEvaluated).toBe(1);
    expect(log).toEqual(["default"]);
  });

  it("hasBindings answers from the index alone, without running predicates", () => {
    const { d } = setup();
    let evaluated = 0;
    d.install(
      PNP,
      nativeHandler<typeof PNP>("p", () => ({})),
      { guard: { space: 3, predicate: () => (evaluated++, false) } },
    );
    expect(d.hasBindings(PNP, key(3, 1))).toBe(true);
    expect(d.hasBindings(PNP, key(4, 1))).toBe(false);
    expect(evaluated).toBe(0);
  });

  it("indexes page ranges within a space", () => {
    const { d } = setup();
    let guardsEvaluated = 0;
    for (let i = 0; i < 1000; i++) {
      d.install(
        PNP,
        nativeHandler<typeof PNP>(`r${i}`, () => ({})),
        {
          guard: { space: 0, vpn: { lo: i * 300, hi: i * 300 + 9 }, predicate: () => (guardsEvaluated++, true) },
        },
      );
    }
    d.raise(PNP, key(0, 300 * 700 + 5), args(0, 300 * 700 + 5));
    expect(guardsEvaluated).toBe(1);
  });

  it("builds lazy arguments only when a handler reads them; a default that ignores them never makes them built", () => {
    const d = new Dispatcher();
    d.timing = false;
    let built = 0;
    const build = () => (built++, args(0, 5));
    d.setDefault(
      PNP,
      nativeHandler<typeof PNP>("default", () => ({}), { readsArgs: false }),
    );
    expect(d.raise(PNP, key(0, 5), build)).toEqual({});
    expect(built).toBe(0);
    expect(d.defaultAccount(PNP).invocations).toBe(1);
    const seen: unknown[] = [];
    d.install(
      PNP,
      nativeHandler<typeof PNP>("reader", (a) => (seen.push(a), { prefetch: [a.vpn + 1] })),
    );
    expect(d.raise(PNP, key(0, 5), build)).toEqual({ prefetch: [6] });
    expect(built).toBe(1);
    expect(seen).toEqual([args(0, 5)]);
    expect(d.defaultAccount(PNP).invocations).toBe(2);
  });

  it("calls a trusted default directly with its arguments, and its failure is a kernel bug, recorded as before", () => {
    for (const timing of [false, true]) {
      // timing on takes the general path (an outcome per call): both account alike
      const d = new Dispatcher();
      d.timing = timing;
      d.setDefault(
        PNP,
        nativeHandler<typeof PNP>("default", (a) => {
          if (a.vpn === 13) throw new Error("boom");
          return { prefetch: [a.vpn + 1] };
        }),
      );
      expect(d.raise(PNP, key(0, 5), () => args(0, 5))).toEqual({ prefetch: [6] });
      expect(() => d.raise(PNP, key(0, 13), args(0, 13))).toThrow(
        "internal bug: default handler for Translation.PageNotPresent failed: boom",
      );
      const account = d.defaultAccount(PNP);
      expect([account.invocations, account.failures, account.lastFault?.message]).toEqual([2, 1, "boom"]);
    }
  });

  it("decides each event's raise plan again whenever what it depends on changes", () => {
    const d = new Dispatcher();
    d.timing = false;
    const log: string[] = [];
    // A trusted default whose two ways in can be told apart: its own function, or an outcome.
    const both: Handler = {
      kind: "native",
      name: "default",
      trusted: true,
      readsArgs: false,
      call: () => (log.push("call"), { prefetch: [1] }),
      invoke: () => (log.push("invoke"), { ok: true, value: { prefetch: [2] }, instructions: 0 }),
    };
    d.setDefault(PNP, both);
    let built = 0;
    const build = () => (built++, args(0, 5));
    const raise = () => d.raise(PNP, key(0, 5), build);
    expect(raise()).toEqual({ prefetch: [1] });
    // A binding installed: it sees the event (its arguments built), the default runs as an outcome.
    const binding = d.install(
      PNP,
      nativeHandler<typeof PNP>("bound", (a) => (log.push("bound"), { prefetch: [a.vpn] })),
    );
    expect(raise()).toEqual({ prefetch: [5] });
    d.uninstall(binding);
    expect(raise()).toEqual({ prefetch: [1] });
    // Timing on, and a recorder: the general path (an outcome per call), then back.
    d.timing = true;
    expect(raise()).toEqual({ prefetch: [2] });
    d.timing = false;
    const recorded: string[] = [];
    d.recorder = (event, runs) => recorded.push(`${event}:${runs.map((r) => r.handler).join(",")}`);
    expect(raise()).toEqual({ prefetch: [2] });
    d.recorder = undefined;
    expect(raise()).toEqual({ prefetch: [1] });
    // A default without a function of its own (an untrusted one) is always invoked.
    d.setDefault(PNP, untrusted("sandboxed-default", { prefetch: [3] }, log));
    expect(raise()).toEqual({ prefetch: [3] });
    expect(log).toEqual(["call", "invoke", "bound", "call", "invoke", "invoke", "call", "sandboxed-default"]);
    expect(recorded).toEqual([`${PNP}:default`]);
    // Built on every general raise (the binding's, timing's, the recorder's, the untrusted default's), never on a direct call.
    expect(built).toBe(4);
    expect(d.defaultAccount(PNP).invocations).toBe(7);
    expect(d.raisedCount(PNP)).toBe(7);
  });

  it("counts a notification nobody hears without building its arguments, until a handler is there", () => {
    const BLOCK = "Strand.Block" as const;
    const d = new Dispatcher();
    d.timing = false;
    let built = 0;
    const blockArgs = (): EventArgs<typeof BLOCK> => (
      built++, { space: 0, strand: 0, thread: 0, reason: "page-fault" }
    );
    const k = key(0, -1);
    expect(d.raise(BLOCK, k, blockArgs)).toBeUndefined();
    expect(built).toBe(0);
    const seen: unknown[] = [];
    const binding = d.install(
      BLOCK,
      nativeHandler<typeof BLOCK>("listener", (a) => void seen.push(a)),
    );
    d.raise(BLOCK, k, blockArgs);
    expect([built, seen.length]).toEqual([1, 1]);
    d.uninstall(binding);
    d.raise(BLOCK, k, blockArgs);
    expect(built).toBe(1);
    // A default set later hears it too.
    d.setDefault(
      BLOCK,
      nativeHandler<typeof BLOCK>("default", (a) => void seen.push(a)),
    );
    d.raise(BLOCK, k, blockArgs);
    expect([built, seen.length]).toEqual([2, 2]);
    expect(d.defaultAccount(BLOCK).invocations).toBe(4);
  });

  it("raises through an event handle, only on the dispatcher that made it", () => {
    const { d, log } = setup();
    const pnp = d.channel(PNP);
    expect(d.raiseOn(pnp, key(0, 5), args(0, 5))).toEqual({ prefetch: [999] });
    expect(log).toEqual(["default"]);
    expect(d.raisedCount(PNP)).toBe(1);
    expect(() => new Dispatcher().raiseOn(pnp, key(0, 5), args(0, 5))).toThrow(DispatcherError);
    expect(() => d.raiseOn({ event: PNP }, key(0, 5), args(0, 5))).toThrow(DispatcherError);
  });
});
