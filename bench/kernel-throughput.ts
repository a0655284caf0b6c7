/**
 * Simulation throughput of the kernel: memory references per second with the built-in Clock
 * pager on a seeded 1,000,000-reference trace, against a plain TypeScript loop doing the same
 * page-table work with no kernel (the ceiling): a Map lookup, typed-array flag / lastAccess /
 * content updates, and a simple Clock on misses. Same trace, same run, several repetitions,
 * median of each.
 *
 * The trace: bursts of 1..32 references within one page (a few cache lines of work on a page),
 * the page drawn from a Zipf(0.9) distribution over 3,072 pages (3× the 1,024 frames) mixed with a
 * sequential loop over the whole working set (1 burst in 8), 30% writes. The working set exceeds
 * memory, so there are page faults, write-backs and page-ins on every repetition.
 *
 *   npm run build && node dist/bench/kernel-throughput.js [--refs N] [--reps R] [--json]
 */
import { pathToFileURL } from "node:url";
import { DEFAULT_COSTS, DEFAULT_DISK, DEFAULT_QUANTUM_NS, type MachineConfig } from "../kernel/config.js";
import { Kernel } from "../kernel/machine/kernel.js";
import { Prng } from "../kernel/prng.js";
import { OP_READ, OP_WRITE, PAGE_SIZE, type OpStream } from "../kernel/workload.js";
import { builtinPolicies } from "../policies/index.js";
import { type BenchReport, formatBenchReport } from "../render/bench-report.js";
import { type Aim, judgeAim } from "./aims.js";
import { finished, machineInfo, machineLine, type MachineInfo } from "./machine.js";
import { median, timeMs } from "./stats.js";
import { DEFAULT_THROUGHPUT, type ThroughputOptions } from "./throughput-options.js";

export { DEFAULT_THROUGHPUT, type ThroughputOptions } from "./throughput-options.js";

export interface ThroughputResult {
  options: ThroughputOptions;
  machine: MachineInfo;
  /** Median references per second of each, over `reps` runs after one warm-up run each. */
  kernelRefsPerSec: number;
  ceilingRefsPerSec: number;
  ratio: number;
  kernelRunsMs: number[];
  ceilingRunsMs: number[];
  /** Page faults of one run (same trace, same frames): the kernel's and the ceiling's. */
  kernelFaults: number;
  ceilingFaults: number;
  /** Bytes allocated on the heap per reference during one kernel run (heapUsed delta; GC can make it negative). */
  kernelHeapBytesPerRef: number;
}

/** The seeded trace: bursts within a page, pages from a Zipf/loop mix. */
export function makeTrace(opts: Pick<ThroughputOptions, "refs" | "pages" | "seed">): OpStream {
  const rng = new Prng(opts.seed);
  const cdf = new Float64Array(opts.pages);
  let sum = 0;
  for (let i = 0; i < opts.pages; i++) cdf[i] = sum += 1 / Math.pow(i + 1, 0.9);
  for (let i = 0; i < opts.pages; i++) cdf[i]! /= sum;
  // Zipf ranks are scattered over the pages so that hot pages are not adjacent.
  const perm = new Int32Array(opts.pages);
  for (let i = 0; i < opts.pages; i++) perm[i] = i;
  for (let i = opts.pages - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  const kinds = new Uint8Array(opts.refs);
  const values = new Float64Array(opts.refs);
  let loop = 0;
  for (let n = 0; n < opts.refs; ) {
    let page: number;
    if (rng.next() < 0.125) page = loop++ % opts.pages;
    else {
      const u = rng.next();
      let lo = 0;
      let hi = opts.pages - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      page = perm[lo]!;
    }
    const burst = 1 + rng.int(32);
    for (let k = 0; k < burst && n < opts.refs; k++, n++) {
      kinds[n] = rng.next() < 0.3 ? OP_WRITE : OP_READ;
      values[n] = page * PAGE_SIZE + rng.int(PAGE_SIZE);
    }
  }
  return { length: opts.refs, kinds, values };
}

export function machineFor(ops: OpStream, opts: Pick<ThroughputOptions, "pages" | "frames" | "seed">): MachineConfig {
  return {
    name: "kernel-throughput",
    seed: opts.seed,
    frames: opts.frames,
    quantumNs: DEFAULT_QUANTUM_NS,
    disk: DEFAULT_DISK,
    costs: DEFAULT_COSTS,
    apps: [
      {
        name: "app",
        priority: "low",
        pager: { name: "clock" },
        scheduler: { name: "rr" },
        regions: [{ startVpn: 0, pages: opts.pages, writable: true }],
        threads: [{ name: "t", priority: 0, ops }],
      },
    ],
  };
}

/**
 * The ceiling: the same page-table work as the kernel's hit path with no kernel around it.
 * A miss takes a free frame or runs a Clock hand over the frames; a dirty victim's content is
 * "written back" to an array, a page that was written back is "read in" from it. No disk, no
 * time, no events: what the kernel adds on a miss is the simulation itself.
 */
export function ceilingRun(ops: OpStream, pages: number, frames: number): { faults: number; checksum: number } {
  const { kinds, values, length } = ops;
  const slots = new Map<number, number>();
  const flags = new Uint8Array(pages);
  const frameOf = new Int32Array(pages).fill(-1);
  const lastAccess = new Float64Array(pages);
  const expected = new Float64Array(pages);
  const swap = new Float64Array(pages);
  const content = new Float64Array(frames);
  const owner = new Int32Array(frames).fill(-1);
  const PRESENT = 1;
  const REFERENCED = 2;
  const DIRTY = 4;
  let used = 0;
  let hand = 0;
  let now = 0;
  let writeCount = 0;
  let faults = 0;
  let lastVpn = -1;
  let lastSlot = -1;
  for (let pc = 0; pc < length; pc++) {
    const kind = kinds[pc]!;
    const vpn = Math.floor(values[pc]! / PAGE_SIZE);
    let slot = vpn === lastVpn ? lastSlot : (slots.get(vpn) ?? -1);
    if (slot < 0) {
      slot = slots.size;
      slots.set(vpn, slot);
    }
    let f = flags[slot]!;
    if ((f & PRESENT) === 0) {
      faults++;
      let frame: number;
      if (used < frames) frame = used++;
      else {
        for (;;) {
          const victim = owner[hand]!;
          const vf = flags[victim]!;
          if ((vf & REFERENCED) === 0) break;
          flags[victim] = vf & ~REFERENCED;
          hand = hand + 1 === frames ? 0 : hand + 1;
        }
        frame = hand;
        hand = hand + 1 === frames ? 0 : hand + 1;
        const victim = owner[frame]!;
        if ((flags[victim]! & DIRTY) !== 0) swap[victim] = content[frame]!;
        flags[victim] = 0;
        frameOf[victim] = -1;
      }
      owner[frame] = slot;
      frameOf[slot] = frame;
      content[frame] = swap[slot]!;
      f = PRESENT;
    }
    if (kind === OP_WRITE) {
      flags[slot] = f | REFERENCED | DIRTY;
      const version = ++writeCount;
      content[frameOf[slot]!] = version;
      expected[slot] = version;
    } else flags[slot] = f | REFERENCED;
    lastAccess[slot] = now;
    now += 10;
    lastVpn = vpn;
    lastSlot = slot;
  }
  let checksum = 0;
  for (let s = 0; s < slots.size; s++) checksum += expected[s]! + lastAccess[s]! * 0;
  return { faults, checksum };
}

export function measureThroughput(
  partial: Partial<ThroughputOptions> = {},
  onRep?: (done: number, total: number) => void,
): ThroughputResult {
  const options = { ...DEFAULT_THROUGHPUT, ...partial };
  const machine = machineInfo();
  const ops = makeTrace(options);
  const config = machineFor(ops, options);
  const policies = builtinPolicies;
  const kernelOnce = () => {
    const kernel = new Kernel(config, policies);
    const { ms, value: report } = timeMs(() => kernel.run());
    if (!report.check.ok)
      throw new Error(`kernel check failed in the throughput bench: ${JSON.stringify(report.check)}`);
    if (report.totals.references !== options.refs)
      throw new Error(`kernel ran ${report.totals.references} references, expected ${options.refs}`);
    return { ms, faults: report.totals.faults };
  };
  const ceilingOnce = () => {
    const { ms, value: r } = timeMs(() => ceilingRun(ops, options.pages, options.frames));
    return { ms, faults: r.faults };
  };
  // Warm-up: one of each (JIT), then interleaved repetitions so that drift hits both alike.
  kernelOnce();
  ceilingOnce();
  const kernelRunsMs: number[] = [];
  const ceilingRunsMs: number[] = [];
  let kernelFaults = 0;
  let ceilingFaults = 0;
  for (let r = 0; r < options.reps; r++) {
    const k = kernelOnce();
    const c = ceilingOnce();
    kernelRunsMs.push(k.ms);
    ceilingRunsMs.push(c.ms);
    kernelFaults = k.faults;
    ceilingFaults = c.faults;
    onRep?.(r + 1, options.reps);
  }
  // Allocation of one kernel run (a hint; the hit path itself is checked by test/bench).
  const kernel = new Kernel(config, policies);
  const h0 = process.memoryUsage().heapUsed;
  kernel.run();
  const h1 = process.memoryUsage().heapUsed;
  const kernelRefsPerSec = options.refs / (median(kernelRunsMs) / 1000);
  const ceilingRefsPerSec = options.refs / (median(ceilingRunsMs) / 1000);
  return {
    options,
    machine: finished(machine),
    kernelRefsPerSec,
    ceilingRefsPerSec,
    ratio: kernelRefsPerSec / ceilingRefsPerSec,
    kernelRunsMs,
    ceilingRunsMs,
    kernelFaults,
    ceilingFaults,
    kernelHeapBytesPerRef: (h1 - h0) / options.refs,
  };
}

/** The aim of the kernel's hot path: at least half the plain loop's throughput. */
export const CEILING_RATIO_AIM = 0.5;

/** The kernel / ceiling throughput aim, judged on every repetition (each pair ran back to back). */
export function throughputAim(r: ThroughputResult): Aim {
  const ratios = r.kernelRunsMs.map((k, i) => r.ceilingRunsMs[i]! / k);
  return judgeAim("throughput, kernel / ceiling", ratios, "≥", CEILING_RATIO_AIM, "×");
}

/** The result as the one report format of `spin bench` (render/bench-report.ts). */
export function throughputReport(r: ThroughputResult): BenchReport {
  const m = (x: number) => `${(x / 1e6).toFixed(2)} M`;
  const o = r.options;
  const runs = (xs: readonly number[]) => xs.map((x) => x.toFixed(1)).join(" ");
  return {
    title: `spin bench kernel: ${o.refs.toLocaleString("en-US")} references, ${o.pages} pages over ${o.frames} frames, Clock, median of ${o.reps} repetitions after one warm-up run each`,
    machine: machineLine(r.machine),
    tables: [
      {
        head: ["configuration", "refs/s", "faults", "runs (ms)"],
        rows: [
          [
            "kernel (built-in Clock pager, full simulation)",
            m(r.kernelRefsPerSec),
            r.kernelFaults,
            runs(r.kernelRunsMs),
          ],
          [
            "ceiling (plain loop: Map + typed arrays + Clock)",
            m(r.ceilingRefsPerSec),
            r.ceilingFaults,
            runs(r.ceilingRunsMs),
          ],
        ],
        align: ["left", "right", "right", "left"],
      },
    ],
    aims: [throughputAim(r)],
  };
}

export function formatThroughput(r: ThroughputResult): string {
  return formatBenchReport(throughputReport(r));
}

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const n = Number(process.argv[at + 1]);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const r = measureThroughput({
    refs: flag("refs", DEFAULT_THROUGHPUT.refs),
    reps: flag("reps", DEFAULT_THROUGHPUT.reps),
  });
  console.log(
    process.argv.includes("--json") ? JSON.stringify({ ...r, aims: [throughputAim(r)] }, null, 2) : formatThroughput(r),
  );
}
