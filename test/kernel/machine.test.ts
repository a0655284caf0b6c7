import { describe, expect, it } from "vitest";
import { Kernel } from "../../kernel/machine/kernel.js";
import { nativeHandler, type Handler } from "../../kernel/dispatcher/handler.js";
import { RESIDENT_ROW_FIELDS, type RowSource } from "../../kernel/events/rows.js";
import { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE, PAGE_SIZE, opStreamOf, referenceString } from "../../kernel/workload.js";
import { app, faultsFor, machine, policies } from "./helpers.js";

const BELADY = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
const SGG = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1];

describe("textbook results through the whole kernel", () => {
  it("FIFO shows Belady's anomaly: 9 faults with 3 frames, 10 with 4", () => {
    expect(faultsFor("fifo", BELADY, 3)).toBe(9);
    expect(faultsFor("fifo", BELADY, 4)).toBe(10);
  });

  it("7,0,1,2,... with 3 frames: FIFO 15, LRU 12, OPT 9, Clock 14", () => {
    expect(faultsFor("fifo", SGG, 3)).toBe(15);
    expect(faultsFor("lru", SGG, 3)).toBe(12);
    expect(faultsFor("opt", SGG, 3)).toBe(9);
    expect(faultsFor("clock", SGG, 3)).toBe(14);
  });
});

describe("memory and disk", () => {
  it("writes a dirty victim back and reads it in again: nothing lost", () => {
    const ops = opStreamOf([
      [OP_WRITE, 0 * PAGE_SIZE],
      [OP_WRITE, 1 * PAGE_SIZE],
      [OP_WRITE, 2 * PAGE_SIZE],
      [OP_READ, 0 * PAGE_SIZE],
      [OP_WRITE, 1 * PAGE_SIZE],
    ]);
    const report = new Kernel(
      machine([app("a", [{ name: "t", priority: 0, ops }], { pager: { name: "fifo" } })], 1),
      policies,
    ).run({ check: true });
    // W0, W1, W2 each evict a dirty page (3 write-backs); R0 reads 0 back from swap and leaves
    // it clean, so the last W1 evicts it without a write-back and reads 1 back from swap.
    expect(report.totals.writeBacks).toBe(3);
    expect(report.totals.majorFaults).toBe(2);
    expect(report.totals.minorFaults).toBe(3);
    expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
  });

  it("blocks the thread on a major fault, so simulated time includes the disk", () => {
    const ops = opStreamOf([
      [OP_WRITE, 0],
      [OP_WRITE, PAGE_SIZE],
      [OP_READ, 0],
    ]);
    const report = new Kernel(machine([app("a", [{ name: "t", priority: 0, ops }])], 1), policies).run();
    expect(report.simulatedNs).toBeGreaterThan(report.totals.diskBusyNs);
    expect(report.apps[0]!.cpuNs).toBeLessThan(100_000);
  });

  it("terminates a thread on a bad address, and an installed handler can skip instead", () => {
    const ops = opStreamOf([
      [OP_READ, 0],
      [OP_READ, 4096 * PAGE_SIZE],
      [OP_READ, PAGE_SIZE],
    ]);
    const config = machine(
      [app("a", [{ name: "t", priority: 0, ops }], { regions: [{ startVpn: 0, pages: 16, writable: true }] })],
      4,
    );
    const killed = new Kernel(config, policies).run();
    expect(killed.apps[0]!.killed).toEqual([
      { thread: "t", reason: "bad address: read of page 0x1000 outside every allocated range" },
    ]);
    expect(killed.totals.references).toBe(1);

    const kernel = new Kernel(config, policies);
    kernel.dispatcher.install(
      "Translation.BadAddress",
      nativeHandler<"Translation.BadAddress">("skip", () => ({ action: "skip" })),
      {
        options: { cancel: true },
      },
    );
    const skipped = kernel.run();
    expect(skipped.apps[0]!.killed).toEqual([]);
    expect(skipped.totals.references).toBe(2);
  });

  it("raises ProtectionFault on a write to a read-only range", () => {
    const ops = opStreamOf([
      [OP_READ, 0],
      [OP_WRITE, 0],
    ]);
    const config = machine(
      [app("a", [{ name: "t", priority: 0, ops }], { regions: [{ startVpn: 0, pages: 4, writable: false }] })],
      4,
    );
    const report = new Kernel(config, policies).run({ check: true });
    expect(report.apps[0]!.protectionFaults).toBe(1);
    expect(report.apps[0]!.killed[0]!.reason).toBe("protection fault: write to read-only page 0x0");
    expect(report.check.ok).toBe(true);
  });
});

describe("applications, strands and threads", () => {
  const loop = (base: number, pages: number, rounds: number) =>
    referenceString(
      Array.from({ length: pages * rounds }, (_, i) => base + (i % pages)),
      true,
    );

  it("confines Reclaim to the application that must give up a page", () => {
    const config = machine(
      [
        app("a", [{ name: "t", priority: 0, ops: loop(0, 8, 4) }]),
        app("b", [{ name: "t", priority: 0, ops: loop(100, 8, 4) }]),
      ],
      6,
    );
    const kernel = new Kernel(config, policies);
    const seen: string[] = [];
    const spy = (name: string): Handler =>
      nativeHandler<"PhysAddr.Reclaim">(name, (args) => {
        for (const page of args.resident)
          if (kernel.frameOwner(page.frame) !== args.space) seen.push(`${name} saw frame ${page.frame}`);
        seen.push(`${name}:${args.space}`);
        return { victim: args.resident[0]!.frame };
      });
    kernel.dispatcher.install("PhysAddr.Reclaim", spy("a"), {
      principal: { kind: "application", space: 0, name: "a" },
    });
    kernel.dispatcher.install("PhysAddr.Reclaim", spy("b"), {
      principal: { kind: "application", space: 1, name: "b" },
    });
    const report = kernel.run({ check: true });
    expect(seen.filter((s) => s.includes("saw"))).toEqual([]);
    expect(seen.filter((s) => s.startsWith("a:")).every((s) => s === "a:0")).toBe(true);
    expect(seen.filter((s) => s.startsWith("b:")).every((s) => s === "b:1")).toBe(true);
    expect(seen.some((s) => s === "a:0") && seen.some((s) => s === "b:1")).toBe(true);
    expect(report.check.ok).toBe(true);
  });

  it("writes Reclaim's resident list as rows (what the wire sends) equal to the list, field by field", () => {
    const config = machine(
      [
        app("a", [{ name: "t", priority: 0, ops: loop(0, 9, 5) }]),
        app("b", [{ name: "t", priority: 0, ops: loop(100, 7, 5) }]),
      ],
      6,
    );
    const kernel = new Kernel(config, policies);
    let checked = 0;
    const mismatches: string[] = [];
    const spy = nativeHandler<"PhysAddr.Reclaim">("rows", (args) => {
      const src = args as unknown as RowSource;
      const out = new Float64Array(64);
      // Before the list is read: straight from the frame table. Too small a buffer says so.
      expect(src.writeRows("resident", new Float64Array(1), 0)).toBe(-1);
      const n = src.writeRows("resident", out, 2);
      const rows = args.resident.map((p) => RESIDENT_ROW_FIELDS.map((f) => Number(p[f])));
      if (n !== rows.length) mismatches.push(`${n} rows for ${rows.length} pages`);
      rows.forEach((row, i) => {
        if (row.join() !== Array.from(out.subarray(2 + 6 * i, 8 + 6 * i)).join())
          mismatches.push(`page ${i}: ${row.join()} vs ${Array.from(out.subarray(2 + 6 * i, 8 + 6 * i)).join()}`);
      });
      checked++;
      return { victim: args.resident[0]!.frame };
    });
    kernel.dispatcher.install("PhysAddr.Reclaim", spy, { principal: { kind: "application", space: 0, name: "a" } });
    expect(kernel.run({ check: true }).check.ok).toBe(true);
    expect(checked).toBeGreaterThan(5);
    expect(mismatches).toEqual([]);
  });

  it("refuses another application's frame and lets the built-in pager decide", () => {
    const config = machine(
      [
        app("a", [{ name: "t", priority: 0, ops: loop(0, 8, 4) }]),
        app("b", [{ name: "t", priority: 0, ops: loop(100, 8, 4) }]),
      ],
      6,
    );
    const kernel = new Kernel(config, policies);
    const liar: Handler = {
      kind: "sandboxed",
      name: "liar",
      trusted: false,
      invoke: (_e, args) => {
        const a = args as { space: number };
        let theirs = -1;
        for (let f = 0; f < kernel.frameCount; f++) if (kernel.frameOwner(f) === 1 - a.space) theirs = f;
        return { ok: true, value: { victim: theirs }, instructions: 1 };
      },
    };
    const binding = kernel.dispatcher.install("PhysAddr.Reclaim", liar, {
      principal: { kind: "application", space: 0, name: "a" },
      options: { cancel: true },
    });
    const report = kernel.run({ check: true });
    expect(binding.account.invocations).toBeGreaterThan(0);
    expect(binding.account.failures).toBe(binding.account.invocations);
    expect(binding.account.lastFault?.message).toMatch(/^victim frame \d+ does not belong to a \(owner: (b|free)\)$/);
    expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
  });

  it("runs the high-priority strand first and round-robins threads inside a strand", () => {
    const compute = (ns: number) => opStreamOf([[OP_COMPUTE, ns]]);
    const config = machine(
      [
        app("low", [{ name: "l", priority: 0, ops: compute(1_000_000) }]),
        app(
          "high",
          [
            { name: "h1", priority: 0, ops: compute(30_000_000) },
            { name: "h2", priority: 0, ops: compute(30_000_000) },
          ],
          { priority: "high" },
        ),
      ],
      4,
    );
    const report = new Kernel(config, policies).run();
    const [low, high] = report.apps;
    expect(high!.finishedNs).toBeLessThan(low!.finishedNs);
    // 60 ms of high-priority work in 10 ms quanta: h1,h2,h1,h2 are preempted, h1 and h2 finish at
    // the end of their last quanta; the low strand's 1 ms never reaches the end of a quantum.
    expect(report.events["Strand.Checkpoint"]!.raised).toBe(4);
    expect(report.events["Strand.Resume"]!.raised).toBe(7);
  });

  it("gives a bound Strand.Resume handler arguments of its own at every resume: copies, never the kernel's threads", () => {
    const config = machine(
      [
        app("a", [
          {
            name: "io",
            priority: 0,
            ops: opStreamOf([
              [OP_IO, 1],
              [OP_IO, 1],
            ]),
          },
          { name: "cpu", priority: 0, ops: opStreamOf([[OP_COMPUTE, 20_000_000]]) },
        ]),
      ],
      4,
    );
    const kernel = new Kernel(config, policies);
    const seen: { ready: readonly object[] }[] = [];
    kernel.dispatcher.install(
      "Strand.Resume",
      nativeHandler<"Strand.Resume">("keeper", (args) => {
        seen.push(args);
        return { thread: args.ready[0]!.thread };
      }),
    );
    const report = kernel.run();
    expect(seen.length).toBe(report.events["Strand.Resume"]!.raised);
    expect(seen.length).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen.map((a) => a.ready)).size).toBe(seen.length);
    for (const a of seen)
      for (const r of a.ready) expect(Object.keys(r).sort()).toEqual(["priority", "ranNs", "readySince", "thread"]);
  });

  it("overlaps one thread's I/O with another thread's computation", () => {
    const config = machine(
      [
        app("a", [
          {
            name: "io",
            priority: 0,
            ops: opStreamOf([
              [OP_IO, 1],
              [OP_IO, 1],
              [OP_IO, 1],
            ]),
          },
          { name: "cpu", priority: 0, ops: opStreamOf([[OP_COMPUTE, 20_000_000]]) },
        ]),
      ],
      4,
    );
    const report = new Kernel(config, policies).run();
    expect(report.totals.diskIos).toBe(3);
    expect(report.simulatedNs).toBeLessThan(report.totals.diskBusyNs + 20_000_000);
    expect(report.events["Strand.Block"]!.raised).toBe(3);
    expect(report.events["Strand.Unblock"]!.raised).toBe(3);
  });
});
