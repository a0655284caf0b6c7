/**
 * The guest's flatCall (one call of a flat event, sandbox/guest/prelude.js) against its general
 * dispatch: the same results, and the same ticks, before the handler runs and in all. The tick
 * counter carries over from call to call and decides where every later interrupt poll lands (the
 * instructions reports count, where a budget stops a handler), so a crossing must spend exactly
 * the ticks dispatch spends. Measured by a probe: after the calls, a handler loops until the
 * budget's second poll stops it, counting its iterations, so the count tells where the counter
 * stood when the loop began, to the tick.
 */
import { describe, expect, it } from "vitest";
import type { SandboxVM } from "../../sandbox/index.js";
import type { HandlerCall } from "../../sandbox/vm.js";
import { makeVM } from "./helpers.js";

/** Handlers of PageNotPresent (by index): every way its result leaves the guest. */
const RESULTS = [
  "(a) => undefined",
  "(a) => ({})",
  "(a) => ({ prefetch: [a.vpn + 1, 7] })",
  "(a) => ({ prefetch: [1.5] })",
  "(a) => Object.create({ x: 1 })",
  "(a) => ({ toJSON() { return {}; } })",
  "(a) => ({ get prefetch() { return [1]; } })",
  "(a) => { throw new Error('refused'); }",
  "async (a) => ({})",
  "(a) => null",
  "(a) => JSON.stringify(a)",
  // The probe of the handler's entry: where the counter stood when the handler began.
  "(a) => { for (;;) n++; }",
];
const ENTRY = RESULTS.length - 1;

/** Integers, floats, negative zero and every literal and boolean: the arguments' maker branches on each. */
const ARGS = [
  { space: 0, thread: 0, vpn: 5, access: "read", onSwap: false },
  { space: 1, thread: 2, vpn: 4097.5, access: "write", onSwap: true },
  { space: 3, thread: 1e12, vpn: -0, access: "execute", onSwap: false },
];

function source(guarded: boolean): string {
  // A result guard and fuel sink as SFI's runtime installs them (sandbox/guest/sfi-runtime.js).
  const guard = guarded ? "api.guardResults((ev, args, caps) => ({ ev }), (t, v) => v, () => 0);" : "";
  return `import api, { defineExtension, kernel } from "spin-kernel/extension";
let n = 0;
${guard}
export default defineExtension({ handlers: {
  "Translation.PageNotPresent": [${RESULTS.join(", ")}],
  "Translation.BadAddress": (a) => ({ action: a.access === "read" ? "skip" : "terminate" }),
  "Strand.Unblock": (a) => { for (;;) n++; },
  "Strand.Block": (a) => { kernel.log("n=" + n); n = 0; },
} });`;
}

interface Trace {
  results: string[];
  probes: string[];
  polls: number;
  flat: boolean[];
}

/** Run every case on `vm`, the probe after each; what each returned, each probe's count, the polls. */
function trace(vm: SandboxVM): Trace {
  const flat: boolean[] = [];
  // Which guest function each crossing called: the two VMs must take different paths.
  type Call0 = (fn: unknown, keep: unknown) => unknown;
  const internals = vm as unknown as { call0: Call0; protocol: { flatCall: unknown } };
  const call0 = internals.call0;
  internals.call0 = (fn, keep) => {
    flat.push(fn === internals.protocol.flatCall);
    return call0(fn, keep);
  };
  const results: string[] = [];
  const probes: string[] = [];
  const run = (calls: HandlerCall[]) => {
    const r = vm.invokeMany(calls);
    results.push(
      r.ok
        ? r.value.results.map((x) => (x.ok ? String(JSON.stringify(x.value)) : x.error.kind)).join("|")
        : r.error.kind,
    );
  };
  const probe = () => {
    run([{ event: "Strand.Unblock", index: 0, args: { space: 0, thread: 0 } }]);
    run([{ event: "Strand.Block", index: 0, args: { space: 0, thread: 0 } }]);
    probes.push(vm.logs.at(-1)?.text ?? "");
  };
  for (let h = 0; h < RESULTS.length; h++)
    for (const args of ARGS) {
      for (let k = 0; k < (h === ENTRY ? 1 : 3); k++) run([{ event: "Translation.PageNotPresent", index: h, args }]);
      probe();
    }
  for (const access of ["read", "write"]) {
    run([{ event: "Translation.BadAddress", index: 0, args: { space: 0, thread: 0, vpn: 1, access } }]);
    probe();
  }
  return { results, probes, polls: vm.stats.instructions, flat };
}

describe("flatCall spends dispatch's ticks", () => {
  for (const guarded of [false, true])
    it(`for every result and argument${guarded ? ", with a result guard" : ""}`, async () => {
      // A budget of one poll: the probe stops at the second poll of its crossing, the cases never poll twice.
      const limits = { budget: 1, timeoutMs: 60_000, runTimeMs: 3_600_000 };
      const fast = await makeVM(source(guarded), { limits });
      const general = await makeVM(source(guarded), { limits, flatCalls: false });
      const a = trace(fast);
      const b = trace(general);
      fast.dispose();
      general.dispose();
      // The paths differ: every crossing (every event here is flat) was a flatCall on one VM, none on the other.
      expect(a.flat.length).toBe(b.flat.length);
      expect(a.flat.every((f) => f)).toBe(true);
      expect(b.flat.some((f) => f)).toBe(false);
      expect(a.results).toEqual(b.results);
      expect(a.probes).toEqual(b.probes);
      expect(a.polls).toBe(b.polls);
      // The probe sees each case: counts move with what ran before (a path that spent nothing would not).
      expect(new Set(a.probes).size).toBeGreaterThan(a.probes.length / 2);
    });
});
