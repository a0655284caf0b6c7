/**
 * The wire (sandbox/wire.ts): arguments and fixed-shape results as numbers in the guest's memory.
 * What a handler sees, and what the host gets back, must be exactly what the JSON protocol gave:
 * checked against a JSON round trip over seeded sequences of resident lists (pages coming,
 * going, changing), results of every shape, and batches sharing arguments.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ReclaimArgs } from "../../kernel/machine/reclaim-args.js";
import type { SandboxVM } from "../../sandbox/index.js";
import { disposeClean, ext, makeVM } from "./helpers.js";

interface Page {
  frame: number;
  vpn: number;
  referenced: boolean;
  dirty: boolean;
  loadedAt: number;
  lastAccess: number;
}

/** Reclaim's arguments as the kernel makes them: the list as rows (kernel/events/rows.ts), built only if read. */
function rowSource(vpn: number, resident: Page[]): ReclaimArgs {
  return new ReclaimArgs(
    0,
    vpn,
    () => resident,
    (visit) => {
      for (const p of resident) visit(p.frame, p.vpn, +p.referenced, +p.dirty, p.loadedAt, p.lastAccess);
      return resident.length;
    },
  );
}

const jsonRoundTrip = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

let vm: SandboxVM;
beforeAll(async () => {
  vm = await makeVM(
    ext(
      {
        // What the handler was given, as the guest sees it (its own JSON of it), and a mutation
        // attempt that must not reach the next event.
        "PhysAddr.Reclaim": `(args) => {
          const seen = JSON.stringify(args);
          let frozen = false;
          try { args.resident[0].frame = -5; } catch (e) { frozen = true; }
          args.resident.push({ frame: -7 });
          return { seen, frozen, caps: caps === null ? null : Object.keys(caps).map(Number) };
        }`,
        "Translation.PageNotPresent": "(args) => globalThis.answer(args)",
        "Disk.IOComplete": "(args) => JSON.stringify(args)",
      },
      // The capability set the prelude keeps beside the list (what SFI's result guard checks
      // victims against), seen through a guard of our own.
      `import api from "spin-kernel/extension";
globalThis.answer = () => undefined;
let caps = null;
api.guardResults((event, args, given) => { caps = given === undefined ? null : given; return null; }, (token, value) => value);`,
    ),
  );
});
afterAll(() => disposeClean(vm));

const page = fc.record({
  vpn: fc.nat(1 << 20),
  referenced: fc.boolean(),
  dirty: fc.boolean(),
  loadedAt: fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e15, noNaN: true })),
  // Now and then a value JSON does not carry as a number (the wire must then send what JSON would).
  lastAccess: fc.oneof(
    { arbitrary: fc.nat(1e9), weight: 30 },
    { arbitrary: fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY), weight: 1 },
  ),
});
/** A resident list, mostly in frame order (as the kernel sends it), sometimes not (sent whole). */
const residentList = fc
  .tuple(fc.uniqueArray(fc.nat(63), { maxLength: 40 }), fc.nat(9))
  .chain(([frames, shuffle]) =>
    fc
      .array(page, { minLength: frames.length, maxLength: frames.length })
      .map((pages) =>
        (shuffle === 0 ? frames : [...frames].sort((a, b) => a - b)).map((frame, i): Page => ({ frame, ...pages[i]! })),
      ),
  );

/** Lists over mostly the same frames, in frame order (the usual Reclaims: a few pages change in place, a frame comes or goes). */
const similarLists = fc
  .tuple(
    residentList.map((l) => [...l].sort((a, b) => a.frame - b.frame)),
    fc.array(fc.tuple(fc.nat(63), page, fc.nat(3)), { minLength: 1, maxLength: 12 }),
  )
  .map(([first, edits]) => {
    const lists = [first];
    let cur = first;
    for (const [at, p, op] of edits) {
      const next = cur.map((q) => ({ ...q }));
      const i = cur.length === 0 ? -1 : at % cur.length;
      if (op <= 1 && i >= 0) next[i] = { frame: cur[i]!.frame, ...p };
      else if (op === 2 && i >= 0) next.splice(i, 1);
      else if (!next.some((q) => q.frame === at)) {
        next.push({ frame: at, ...p });
        next.sort((a, b) => a.frame - b.frame);
      }
      lists.push(next);
      cur = next;
    }
    return lists;
  });

describe("the wire", () => {
  it("a handler sees exactly the JSON of the kernel's arguments, event after event, whatever it did to them", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.array(residentList, { minLength: 1, maxLength: 12 }), similarLists),
        fc.nat(2),
        (lists, how) => {
          for (const [i, resident] of lists.entries()) {
            // As the kernel raises it (a ReclaimArgs that shows its list as rows): every event, or
            // every other one (the rest plain objects).
            const args = how === 0 || i % 2 === 1 ? rowSource(i, resident) : { space: 0, vpn: i, resident };
            const r = vm.invoke("PhysAddr.Reclaim", 0, args);
            if (!r.ok) throw r.error;
            const { seen, frozen, caps } = r.value.value as { seen: string; frozen: boolean; caps: number[] };
            expect(JSON.parse(seen)).toEqual(jsonRoundTrip(args));
            expect(seen).toBe(JSON.stringify(args));
            // Arguments JSON would not carry as numbers go as JSON (the handler's own fresh copy):
            // no kept rows, no capability set beside them.
            if (resident.some((p) => !Number.isFinite(p.lastAccess))) expect(caps).toBeNull();
            else {
              expect([...caps].sort((a, b) => a - b)).toEqual(resident.map((p) => p.frame).sort((a, b) => a - b));
              if (resident.length > 0) expect(frozen).toBe(true);
            }
          }
        },
      ),
      { seed: 14, numRuns: 60 },
    );
  });

  it("lists out of order, and arguments that fit no layout, arrive as JSON would give them", () => {
    const lists: unknown[] = [
      {
        space: 0,
        vpn: 1,
        resident: [{ frame: 5, vpn: 1, referenced: true, dirty: false, loadedAt: 0, lastAccess: 1 }],
      },
      {
        space: 0,
        vpn: 2,
        resident: [3, 1].map((frame) => ({
          frame,
          vpn: 2,
          referenced: false,
          dirty: true,
          loadedAt: 1,
          lastAccess: 2,
        })),
      },
      {
        space: 0,
        vpn: 3,
        resident: [{ frame: 5, vpn: Number.NaN, referenced: true, dirty: false, loadedAt: 0, lastAccess: 1 }],
      },
      { space: 0, vpn: -0, resident: [{ frame: 5, vpn: 1, referenced: 1, dirty: false, loadedAt: 0, lastAccess: 1 }] },
      { vpn: 4, space: 0, resident: [] },
      { space: 0, vpn: 5, resident: [], extra: "x" },
      {
        space: 0,
        vpn: 6,
        resident: [{ frame: 5, vpn: 1, referenced: true, dirty: false, loadedAt: 0, lastAccess: 1 }],
      },
    ];
    // The kernel's rows, kept in step, then a key JSON would not carry as a number, and back.
    const synced = [1, 2, 4].map((frame) => ({
      frame,
      vpn: frame,
      referenced: false,
      dirty: false,
      loadedAt: 0,
      lastAccess: 0,
    }));
    lists.push(rowSource(7, synced), rowSource(8, [synced[0]!, { ...synced[1]!, frame: Number.POSITIVE_INFINITY }]));
    lists.push(rowSource(9, [synced[0]!, { ...synced[1]!, frame: Number.NaN }]), rowSource(10, synced));
    lists.push(rowSource(11, [{ ...synced[0]!, lastAccess: -0 }, synced[1]!, synced[2]!]), rowSource(12, synced));
    for (const args of lists) {
      const r = vm.invoke("PhysAddr.Reclaim", 0, args);
      if (!r.ok) throw r.error;
      expect((r.value.value as { seen: string }).seen).toBe(JSON.stringify(args));
    }
  });

  it("flat arguments go as numbers and plain fixed-shape results come back without a JSON.parse on the host", () => {
    const parse = vi.spyOn(JSON, "parse");
    try {
      const args = { space: 1, thread: 2, vpn: 3, access: "write", onSwap: true };
      expect(vm.invoke("Translation.PageNotPresent", 0, args)).toMatchObject({ ok: true, value: { value: undefined } });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it("results: what the host gets equals the JSON round trip of what the handler returned", async () => {
    const cases = [
      "({})",
      "({ prefetch: [1, 2, 3] })",
      "({ prefetch: [-0, 1.5, 1e21] })",
      "({ prefetch: [] , other: undefined, f: () => 1 })",
      "({ prefetch: [NaN, Infinity] })",
      "({ prefetch: [1, , 3] })",
      "({ prefetch: 'no' })",
      "({ prefetch: [1], extra: 2 })",
      "({ get prefetch() { return [7]; } })",
      "({ prefetch: [1], toJSON() { return { prefetch: [9] }; } })",
      "Object.create({ prefetch: [1] })",
      "Object.assign(Object.create(null), { prefetch: [4] })",
      "[1, 2]",
      "null",
      "7",
      "'text'",
      "({ prefetch: Object.assign([5], { toJSON: () => [6] }) })",
      "({ prefetch: { length: 1, 0: 3 } })",
      "({ prefetch: [[1]] })",
    ];
    const other = await makeVM(
      ext(
        { "Translation.PageNotPresent": "(args) => globalThis.results[args.vpn]" },
        `globalThis.results = [${cases.join(", ")}];`,
      ),
    );
    try {
      const values = cases.map((_, vpn) => {
        const r = other.invoke("Translation.PageNotPresent", 0, {
          space: 0,
          thread: 0,
          vpn,
          access: "read",
          onSwap: false,
        });
        if (!r.ok) throw r.error;
        return r.value.value;
      });
      const expected = new Function(`return [${cases.join(", ")}];`)() as unknown[];
      expect(values).toEqual(expected.map((v) => (v === undefined ? undefined : jsonRoundTrip(v))));
      for (const v of values)
        if (typeof v === "object" && v !== null && "prefetch" in v)
          expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    } finally {
      disposeClean(other);
    }
  });

  it("a list longer than the prelude copies in one call (8,192) is still each handler's own copy", async () => {
    const big = await makeVM(`import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ handlers: { "PhysAddr.Reclaim": (args) => {
  const r = args.resident; const seen = [r.length, r[0].frame, r[r.length - 1].frame];
  r.push(r[0]); r.length = 3; return JSON.stringify(seen);
} } });`);
    try {
      for (const n of [9000, 9001, 8192]) {
        const resident = Array.from({ length: n }, (_, frame) => ({
          frame,
          vpn: frame,
          referenced: false,
          dirty: false,
          loadedAt: 0,
          lastAccess: frame,
        }));
        const r = big.invoke("PhysAddr.Reclaim", 0, { space: 0, vpn: 1, resident });
        if (!r.ok) throw r.error;
        expect(r.value.value).toBe(JSON.stringify([n, 0, n - 1]));
      }
    } finally {
      disposeClean(big);
    }
  });

  it("a batch sharing one arguments object sends it once; each handler gets its own copy", async () => {
    const batch = await makeVM(`import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ handlers: { "PhysAddr.Reclaim": [
  (args) => { const s = JSON.stringify(args); args.vpn = 99; args.resident.length = 0; return s; },
  (args) => JSON.stringify(args),
] } });`);
    try {
      const args = {
        space: 0,
        vpn: 4,
        resident: [{ frame: 1, vpn: 8, referenced: false, dirty: true, loadedAt: 2, lastAccess: 3 }],
      };
      const r = batch.invokeMany([
        { event: "PhysAddr.Reclaim", index: 0, args },
        { event: "PhysAddr.Reclaim", index: 1, args },
      ]);
      if (!r.ok) throw r.error;
      expect(r.value.results).toEqual([
        { ok: true, value: JSON.stringify(args) },
        { ok: true, value: JSON.stringify(args) },
      ]);
    } finally {
      disposeClean(batch);
    }
  });
});
