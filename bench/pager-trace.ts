/**
 * A sandboxed pager on a real trace, side by side with the built-in one, in one run:
 *  - `spin load examples/pagers/clock.ts --trace T --frames F` vs `spin run T --pager clock
 *    --frames F`, whole processes (wall time, median of `--runs`), for F = 256 and 1,024, on the
 *    trace examples/traces/matrix-sums.lackey.br (a real program recorded with valgrind's lackey
 *    tool: scripts/record-trace.sh), unpacked to a temporary file; both runs must report the same
 *    faults (the extension is the same algorithm);
 *  - one `PhysAddr.Reclaim` through `SandboxVM.invoke`, in typed and SFI mode, with 64 and with
 *    1,024 resident pages, each event changing what a Clock on a thrashing trace changes (the
 *    victim's frame holds a new page, two more pages were referenced): to a handler that reads
 *    the first page only (the protocol's cost) and to examples/pagers/clock.ts (which reads about
 *    half the list per event to find its hand).
 *
 *   npm run build && node dist/bench/pager-trace.js [--runs N] [--events N] [--reclaim-only]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { apiDeclarationFile, packageRoot } from "../extensions/loader/index.js";
import { loadCheckedExtension } from "../extensions/check/pipeline.js";
import { jsFileName, rewriteExtension } from "../extensions/sfi/rewrite.js";
import { createSandboxVM, type SandboxVM } from "../sandbox/vm.js";
import { bareCallFunction } from "./bare-call.js";
import { pagerFloor, type FloorFigures } from "./pager-floor.js";
import { CPU_REPORTER } from "./process-cpu.js";
import { median } from "./stats.js";

const TRACE = path.join("examples", "traces", "matrix-sums.lackey.br");
const PAGER = path.join("examples", "pagers", "clock.ts");

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** The trace as a lackey text file in a fresh temporary directory. */
export function unpackTrace(): { file: string; references: number; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-trace-"));
  const file = path.join(dir, "matrix-sums.lackey");
  const text = zlib.brotliDecompressSync(fs.readFileSync(path.join(packageRoot(), TRACE)));
  fs.writeFileSync(file, text);
  let references = 0;
  for (const b of text) if (b === 10) references++;
  return { file, references, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

interface ProcessRun {
  readonly ms: number;
  /** CPU time of the whole process, all its threads (what a loaded machine inflates least). */
  readonly cpuMs: number;
  readonly stdout: string;
}

function spin(args: readonly string[], scratch: string): ProcessRun {
  const reporter = path.join(scratch, "cpu.cjs");
  const cpuFile = path.join(scratch, "cpu");
  if (!fs.existsSync(reporter)) fs.writeFileSync(reporter, CPU_REPORTER);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--require", reporter, path.join(packageRoot(), "bin", "spin.js"), ...args], {
    cwd: packageRoot(),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, SPIN_BENCH_CPU: cpuFile },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`spin ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return { ms, cpuMs: Number(fs.readFileSync(cpuFile, "utf8")), stdout: r.stdout };
}

/** The first `lines` references of `trace` as a file of their own (spin load's and spin run's cost besides the events). */
function tracePrefix(trace: string, lines: number): string {
  const text = fs.readFileSync(trace, "utf8");
  let at = 0;
  for (let i = 0; i < lines && at >= 0; i++) at = text.indexOf("\n", at + 1);
  const file = path.join(path.dirname(trace), `prefix-${lines}.lackey`);
  fs.writeFileSync(file, at < 0 ? text : text.slice(0, at + 1));
  return file;
}

export interface FloorRow {
  readonly floor: FloorFigures;
  /** The trace run's fuel per Reclaim (`fuel / run_cnt` of spin load's accounting line). */
  readonly traceFuelPerEvent: number;
  /** CPU ms of spin load and spin run on the trace's first PREFIX_LINES references (medians). */
  readonly loadPrefixCpuMs: number;
  readonly runPrefixCpuMs: number;
  /** The least CPU ms `spin load` could take in QuickJS: its own cost, the kernel's twice, the handler's logic. */
  readonly floorLoadCpuMs: number;
  readonly floorRatio: number;
}

const PREFIX_LINES = 2000;

/**
 * The floor of a typed row: what `spin load` costs besides the events (its start-up and the
 * baseline beside it: a run of the trace's first references), the kernel's work for the whole
 * trace twice (the baseline's and the extension's run, each what `spin run` spends past its own
 * start-up), and clock.ts's own logic in QuickJS for the run's Reclaims (pager-floor.ts). No
 * crossing, encoding or check is in it.
 */
export async function floorRow(row: TraceRow, trace: string, runs: number, scratch: string): Promise<FloorRow> {
  const prefix = tracePrefix(trace, PREFIX_LINES);
  const frames = String(row.frames);
  const load: number[] = [];
  const run: number[] = [];
  for (let i = 0; i < runs; i++) {
    load.push(spin(["load", PAGER, "--trace", prefix, "--frames", frames, "--mode", row.mode], scratch).cpuMs);
    run.push(spin(["run", prefix, "--pager", "clock", "--frames", frames], scratch).cpuMs);
  }
  const source = fs.readFileSync(path.join(packageRoot(), PAGER), "utf8");
  // In V8 (native) the handler's own logic is left out: a floor of the placement's other costs.
  const floor: FloorFigures =
    row.mode === "typed"
      ? await pagerFloor(PAGER, source, row.frames, row.events)
      : { frames: row.frames, events: row.events, handlerMs: 0, withListMs: 0, fuelPerEvent: row.fuelPerEvent };
  const loadPrefixCpuMs = median(load);
  const runPrefixCpuMs = median(run);
  const floorLoadCpuMs = loadPrefixCpuMs + 2 * Math.max(0, row.runCpuMs - runPrefixCpuMs) + floor.handlerMs;
  return {
    floor,
    traceFuelPerEvent: row.fuelPerEvent,
    loadPrefixCpuMs,
    runPrefixCpuMs,
    floorLoadCpuMs,
    floorRatio: floorLoadCpuMs / row.runCpuMs,
  };
}

export interface TraceRow {
  readonly frames: number;
  /** The placement `spin load` ran clock.ts in. */
  readonly mode: string;
  readonly runMs: number;
  readonly loadMs: number;
  readonly ratio: number;
  readonly runCpuMs: number;
  readonly loadCpuMs: number;
  readonly cpuRatio: number;
  readonly faults: string;
  /** Reclaims the extension ran (its accounting's run_cnt) and the fuel they counted, per event. */
  readonly events: number;
  readonly fuelPerEvent: number;
}

/** Each row: the built-in Clock's run and clock.ts's load, taking turns, `runs` times; medians. */
export function traceRows(trace: string, runs: number, scratch: string): TraceRow[] {
  const rows: TraceRow[] = [];
  const cases = [
    { frames: 256, mode: "typed" },
    { frames: 1024, mode: "typed" },
    { frames: 256, mode: "native" },
  ];
  for (const { frames, mode } of cases) {
    const run: ProcessRun[] = [];
    const load: ProcessRun[] = [];
    let faults = "";
    let events = 0;
    let fuelPerEvent = 0;
    for (let i = 0; i < runs; i++) {
      const builtin = spin(["run", trace, "--pager", "clock", "--frames", String(frames)], scratch);
      const ext = spin(["load", PAGER, "--trace", trace, "--frames", String(frames), "--mode", mode], scratch);
      // spin load compares the run with the extension to the built-in run: the same faults.
      const compared = /^app0: \S+ (\d+) faults vs (?:built-in )?clock (\d+) /m.exec(ext.stdout);
      const total = /^total: .*$/m.exec(builtin.stdout)?.[0] ?? "";
      if (compared === null || compared[1] !== compared[2] || !total.includes(` ${compared[1]} faults`))
        throw new Error(`the extension's run differs from the built-in one:\n${total}\n${ext.stdout}`);
      faults = total;
      const account = /run_cnt (\d+) .*? fuel (\d+)/.exec(ext.stdout);
      if (account === null) throw new Error(`no accounting line in spin load's report:\n${ext.stdout}`);
      events = Number(account[1]);
      fuelPerEvent = Number(account[2]) / events;
      run.push(builtin);
      load.push(ext);
    }
    const runMs = median(run.map((r) => r.ms));
    const loadMs = median(load.map((r) => r.ms));
    const runCpuMs = median(run.map((r) => r.cpuMs));
    const loadCpuMs = median(load.map((r) => r.cpuMs));
    rows.push({
      frames,
      mode,
      runMs,
      loadMs,
      ratio: loadMs / runMs,
      runCpuMs,
      loadCpuMs,
      cpuRatio: loadCpuMs / runCpuMs,
      faults,
      events,
      fuelPerEvent,
    });
  }
  return rows;
}

/** Clock's Reclaims as a thrashing trace makes them: a new page in the victim's frame, two pages referenced. */
function reclaimEvents(pages: number): () => unknown {
  const resident = Array.from({ length: pages }, (_, f) => ({
    frame: f,
    vpn: 1000 + f,
    referenced: false,
    dirty: f % 3 === 0,
    loadedAt: 1000 * f,
    lastAccess: f,
  }));
  let clock = pages;
  let hand = 0;
  let seed = 1;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % pages;
  return () => {
    clock++;
    for (let k = 0; k < 2; k++) {
      const f = next();
      resident[f] = { ...resident[f]!, referenced: true, lastAccess: clock };
    }
    const f = hand;
    hand = (hand + 1) % pages;
    resident[f] = {
      frame: f,
      vpn: 100_000 + clock,
      referenced: false,
      dirty: false,
      loadedAt: 1000 * clock,
      lastAccess: clock,
    };
    return { space: 0, vpn: 7, resident: [...resident] };
  };
}

/** The handler of PERFORMANCE.md's Reclaim figure: the first resident page (the protocol's cost, nothing read beyond it). */
const FIRST_PAGE = `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
`;

async function pagerVm(mode: "typed" | "sfi", file: string, source: string): Promise<SandboxVM> {
  const js =
    mode === "typed"
      ? loadCheckedExtension(file, source, { apiDeclarationFile: apiDeclarationFile() }).js
      : rewriteExtension(file, source, {}).js;
  const made = await createSandboxVM({ source: js, filename: jsFileName(file), limits: { timeoutMs: 10_000 } });
  if (!made.ok) throw new Error(`${file} (${mode}): ${made.error.message}`);
  return made.value;
}

export interface ReclaimRow {
  readonly handler: string;
  readonly mode: string;
  readonly pages: number;
  /** Wall µs per event, best round. */
  readonly us: number;
  /** CPU µs per event (this process, all its threads), best round: what a loaded machine inflates least. */
  readonly cpuUs: number;
  /** The bare callFunction's CPU µs in the same rounds (best): the machine's yardstick beside the row. */
  readonly bareCpuUs: number;
}

/** CPU time of this process so far (µs, user + system, all threads). */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

export async function reclaimRows(events: number, rounds = 5): Promise<ReclaimRow[]> {
  const rows: ReclaimRow[] = [];
  const handlers = [
    { handler: "first page", file: "first-page.ts", source: FIRST_PAGE },
    { handler: PAGER, file: PAGER, source: fs.readFileSync(path.join(packageRoot(), PAGER), "utf8") },
  ];
  const bare = await bareCallFunction();
  try {
    for (const h of handlers)
      for (const mode of ["typed", "sfi"] as const) {
        for (const pages of [64, 1024]) {
          const vm = await pagerVm(mode, h.file, h.source);
          const args = reclaimEvents(pages);
          const all = Array.from({ length: events + 200 }, args);
          for (let i = 0; i < 200; i++) vm.invoke("PhysAddr.Reclaim", 0, all[i]);
          const wall: number[] = [];
          const cpu: number[] = [];
          const bareCpu: number[] = [];
          // Round by round, the bare call's block beside the row's: both see the same load.
          for (let round = 0; round < rounds; round++) {
            const b0 = cpuMicros();
            for (let i = 0; i < 4 * events; i++) bare.call(i);
            bareCpu.push((cpuMicros() - b0) / (4 * events));
            const c0 = cpuMicros();
            const t0 = performance.now();
            for (let i = 0; i < events; i++) {
              const r = vm.invoke("PhysAddr.Reclaim", 0, all[200 + i]);
              if (!r.ok) throw new Error(`Reclaim (${h.handler}, ${mode}, ${pages} pages): ${r.error.message}`);
            }
            wall.push(((performance.now() - t0) * 1000) / events);
            cpu.push((cpuMicros() - c0) / events);
          }
          vm.dispose();
          rows.push({
            handler: h.handler,
            mode,
            pages,
            us: Math.min(...wall),
            cpuUs: Math.min(...cpu),
            bareCpuUs: Math.min(...bareCpu),
          });
        }
      }
  } finally {
    bare.dispose();
  }
  return rows;
}

async function main(): Promise<void> {
  const runs = option("--runs", 1);
  const events = option("--events", 2000);
  const trace = unpackTrace();
  try {
    console.log(
      `## a sandboxed Clock on a real trace: ${TRACE} (${trace.references} references), Node ${process.version}`,
    );
    console.log(`unpacked to ${trace.file}; median of ${runs} whole-process run(s) each\n`);
    const scratch = path.dirname(trace.file);
    const traced = process.argv.includes("--reclaim-only") ? [] : traceRows(trace.file, runs, scratch);
    for (const r of traced) {
      const aim = r.mode === "native" ? 1.5 : r.frames === 256 ? 3 : 4;
      console.log(
        `--frames ${String(r.frames).padEnd(5)} spin run --pager clock ${(r.runMs / 1000).toFixed(2)} s   spin load ${PAGER} --mode ${r.mode} ${(r.loadMs / 1000).toFixed(2)} s   = ${r.ratio.toFixed(2)}× wall (aim ${aim}×); CPU ${(r.runCpuMs / 1000).toFixed(2)} s vs ${(r.loadCpuMs / 1000).toFixed(2)} s = ${r.cpuRatio.toFixed(2)}×`,
      );
      console.log(`  ${r.faults}`);
    }
    if (traced.length > 0)
      console.log(
        `\n## the floor: clock.ts's own logic in QuickJS (its typed code and fuel counters, no crossing; in native left out), spin load's own cost on the first ${PREFIX_LINES} references, the kernel's twice`,
      );
    for (const r of traced) {
      const f = await floorRow(r, trace.file, runs, scratch);
      const aim = r.mode === "native" ? 1.5 : r.frames === 256 ? 3 : 4;
      if (r.mode === "typed")
        console.log(
          `--frames ${String(r.frames).padEnd(5)} handler alone ${(f.floor.handlerMs / 1000).toFixed(2)} s CPU for ${f.floor.events} Reclaims (${((f.floor.handlerMs * 1000) / f.floor.events).toFixed(1)} µs each; fuel ${f.floor.fuelPerEvent.toFixed(1)}/event, the trace run ${f.traceFuelPerEvent.toFixed(1)}), with each event's list copy ${(f.floor.withListMs / 1000).toFixed(2)} s`,
        );
      else console.log(`--frames ${String(r.frames).padEnd(5)} --mode ${r.mode}: the handler's logic (V8) left out`);
      console.log(
        `  spin load on the prefix ${(f.loadPrefixCpuMs / 1000).toFixed(2)} s CPU, spin run ${(f.runPrefixCpuMs / 1000).toFixed(2)} s: floor ${(f.floorLoadCpuMs / 1000).toFixed(2)} s vs spin run ${(r.runCpuMs / 1000).toFixed(2)} s = ${f.floorRatio.toFixed(2)}× CPU (aim ${aim}×; measured ${r.cpuRatio.toFixed(2)}×)`,
      );
    }
    console.log(
      `\n## one PhysAddr.Reclaim (SandboxVM.invoke, best of 5 rounds of ${events} events; CPU and wall µs, and the bare callFunction's CPU µs in the same rounds)`,
    );
    const rows = await reclaimRows(events);
    for (const r of rows)
      console.log(
        `${r.handler.padEnd(26)} ${r.mode.padEnd(6)} ${String(r.pages).padStart(5)} resident pages  ${r.cpuUs.toFixed(1).padStart(7)} µs CPU/event (wall ${r.us.toFixed(1)}) = ${(r.cpuUs / r.bareCpuUs).toFixed(0).padStart(4)} bare calls of ${r.bareCpuUs.toFixed(2)} µs${r.handler === "first page" ? ` (aim ${r.pages === 64 ? 25 : 100} µs)` : ""}`,
      );
  } finally {
    trace.cleanup();
  }
}

await main();
