/** What `spin bench placement` prints: the placements side by side, SPIN's figures beside them, and the chart. */
import { type BenchReport, figure, formatBenchReport } from "../../render/bench-report.js";
import { renderBarChart, tickLabel } from "../../render/svg-chart.js";
import { DEFAULT_COSTS } from "../../kernel/config.js";
import { visible } from "../../extensions/visible.js";
import { machineLine } from "../machine.js";
import type { EndToEndRow } from "./end-to-end.js";
import type { PerEvent, PlacementResult } from "./measure.js";

const ci = (p: PerEvent) => (p.ci ? `${figure(p.ci.lo)}–${figure(p.ci.hi)}` : "-");
const ratio = (x: number) => `${x.toFixed(1)}×`;

function perEventTables(r: PlacementResult): BenchReport["tables"] {
  const b = r.builtin;
  return [
    {
      caption: "no-op Translation.PageNotPresent, µs per event:",
      head: ["placement", "engine", "median", "95% CI", "× builtin"],
      align: ["left", "left", "right", "right", "right"],
      rows: [
        ["builtin", "-", figure(b.noop.us), ci(b.noop), "1.0×"],
        ...r.rows.map((x) => [x.placement, x.engine, figure(x.noop.us), ci(x.noop), ratio(x.noopRatio)]),
      ],
    },
    {
      caption: "examples/pagers/clock.ts on PhysAddr.Reclaim, 64 resident pages, µs per event:",
      head: ["placement", "median", "95% CI", "× builtin", "check ms", "boot ms"],
      rows: [
        ["builtin", figure(b.reclaim.us), ci(b.reclaim), "1.0×", "-", "-"],
        ...r.rows.map((x) => [
          x.placement,
          figure(x.reclaim.us),
          ci(x.reclaim),
          ratio(x.reclaimRatio),
          x.checkMs.toFixed(0),
          x.bootMs.toFixed(1),
        ]),
      ],
    },
  ];
}

const kib = (bytes: number | null) => (bytes === null ? "-" : (bytes / 1024).toFixed(0));

/** The example extensions end to end: µs per handled unit and its ratio to the built-in policy; memory per extension. */
function endToEndTables(rows: readonly EndToEndRow[], reps: number): BenchReport["tables"] {
  if (rows.length === 0) return [];
  const placements = rows[0]!.placed.map((p) => p.placement);
  return [
    {
      caption: `end to end: the whole kernel's host time per handled unit (a page fault for the\npagers, a Strand.Resume for the scheduler), µs, median of ${reps} runs, and × the\nbuilt-in policy it mirrors:`,
      head: ["extension", "scenario", "units", "built-in", "µs", ...placements],
      align: ["left", "left", "right", "left", "right", ...placements.map(() => "right" as const)],
      rows: rows.map((x) => [
        x.extension,
        // The scenario's file name is the user's: one line, its control characters shown.
        visible(x.scenario, 40),
        String(x.builtin.units),
        x.builtinPolicy,
        figure(x.builtin.perUnit.us),
        ...x.placed.map((p) => `${figure(p.perUnit.us)} ${ratio(p.ratio)}`),
      ]),
    },
    {
      caption:
        "simulated time charged for the extension's calls per handled unit, µs (each\ncall's crossing into its placement plus its instructions: docs/MACHINE.md;\nrepeats byte for byte):",
      head: ["extension", ...placements],
      align: ["left", ...placements.map(() => "right" as const)],
      rows: rows.map((x) => [x.extension, ...x.placed.map((p) => figure(p.chargedUsPerUnit))]),
    },
    {
      caption:
        "memory per extension after its run, KiB (typed, sfi: its QuickJS runtime;\nserver: its isolate's heap; native: the kernel heap's growth per copy, over 8\ncopies):",
      head: ["extension", ...placements],
      align: ["left", ...placements.map(() => "right" as const)],
      rows: rows.map((x) => [x.extension, ...x.placed.map((p) => kib(p.memoryBytes))]),
    },
  ];
}

export function placementReport(r: PlacementResult): BenchReport {
  return {
    title: `spin bench placement: per event through the dispatcher, ${r.options.reps} rounds of\ninterleaved blocks (shuffled order); median block, its 95% interval`,
    machine: machineLine(r.machine),
    tables: [...perEventTables(r), ...endToEndTables(r.endToEnd, r.options.reps)],
    notes: [
      `server: a handler that never returns, timeout ${r.serverKill.timeoutMs} ms: the kernel was held`,
      `  ${r.serverKill.heldMs.toFixed(1)} ms (${(r.serverKill.heldMs - r.serverKill.timeoutMs).toFixed(1)} ms past the deadline), then the server was killed`,
      "a Compartment call (a fuelled two-line function), µs:",
      `  in this locked-down realm ${r.compartment.processRealmUs.toFixed(4)}, in a locked-down node:vm context ${r.compartment.vmContextUs.toFixed(4)}`,
      `  (SES + lockdown in that context: ${r.compartment.vmContextLockdownMs.toFixed(0)} ms)`,
      "SPIN (Alpha 133 MHz, SOSP 1995): protected in-kernel call 0.13 µs, system call",
      "  4 µs, cross-address-space call 89 µs; a page fault handled in 29 µs vs 415 µs",
      "  on Mach",
    ],
    aims: [],
  };
}

export function formatPlacement(r: PlacementResult): string {
  return formatBenchReport(placementReport(r));
}

/** Bars by placement (the built-in handler first), no-op and Reclaim side by side, with 95% error bars. */
export function placementChart(r: PlacementResult): string {
  const bar = (p: PerEvent) => ({ value: p.us, ...(p.ci ? { lo: p.ci.lo, hi: p.ci.hi } : {}) });
  const load = (l: readonly number[]) => (l[0] ?? 0).toFixed(1);
  const m = r.machine;
  const spin = (name: string, ns: number) => ({ name: `SPIN ${name} ${tickLabel(ns / 1000)} µs`, y: ns / 1000 });
  return renderBarChart({
    title: "Cost of one event by placement, through the dispatcher",
    caption: `median of ${r.options.reps} interleaved blocks, error bars: 95% interval; ${m.cpus} × ${m.cpuModel}, Node ${m.node}, load ${load(m.loadStart)} at start, ${load(m.loadEnd)} at end`,
    yLabel: "µs per event (log scale)",
    logY: true,
    // SPIN's crossings (Alpha 133 MHz, SOSP 1995), the kernel's cost parameters' defaults.
    references: [
      spin("in-kernel call", DEFAULT_COSTS.inKernelCallNs),
      spin("system call", DEFAULT_COSTS.syscallNs),
      spin("cross-address-space call", DEFAULT_COSTS.ipcRoundTripNs),
    ],
    series: ["no-op PageNotPresent", "clock.ts Reclaim (64 pages)"],
    groups: [
      { name: "builtin", bars: [bar(r.builtin.noop), bar(r.builtin.reclaim)] },
      ...r.rows.map((x) => ({ name: x.placement, bars: [bar(x.noop), bar(x.reclaim)] })),
    ],
  });
}
