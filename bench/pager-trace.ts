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
import { CPU_REPORTER } from "./process-cpu.js";
import { median, microsPerCall } from "./stats.js";

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
    for (let i = 0; i < runs; i++) {
      const builtin = spin(["run", trace, "--pager", "clock", "--frames", String(frames)], scratch);
      const ext = spin(["load", PAGER, "--trace", trace, "--frames", String(frames), "--mode", mode], scratch);
      // spin load compares the run with the extension to the built-in run: the same faults.
      const compared = /^app0: \S+ (\d+) faults vs (?:built-in )?clock (\d+) /m.exec(ext.stdout);
      const total = /^total: .*$/m.exec(builtin.stdout)?.[0] ?? "";
      if (compared === null || compared[1] !== compared[2] || !total.includes(` ${compared[1]} faults`))
        throw new Error(`the extension's run differs from the built-in one:\n${total}\n${ext.stdout}`);
      faults = total;
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
  readonly us: number;
}

export async function reclaimRows(events: number): Promise<ReclaimRow[]> {
  const rows: ReclaimRow[] = [];
  const handlers = [
    { handler: "first page", file: "first-page.ts", source: FIRST_PAGE },
    { handler: PAGER, file: PAGER, source: fs.readFileSync(path.join(packageRoot(), PAGER), "utf8") },
  ];
  for (const h of handlers)
    for (const mode of ["typed", "sfi"] as const) {
      for (const pages of [64, 1024]) {
        const vm = await pagerVm(mode, h.file, h.source);
        const args = reclaimEvents(pages);
        const all = Array.from({ length: events + 200 }, args);
        for (let i = 0; i < 200; i++) vm.invoke("PhysAddr.Reclaim", 0, all[i]);
        const samples: number[] = [];
        for (let round = 0; round < 3; round++) {
          const t0 = performance.now();
          for (let i = 0; i < events; i++) {
            const r = vm.invoke("PhysAddr.Reclaim", 0, all[200 + i]);
            if (!r.ok) throw new Error(`Reclaim (${h.handler}, ${mode}, ${pages} pages): ${r.error.message}`);
          }
          samples.push(((performance.now() - t0) * 1000) / events);
        }
        vm.dispose();
        rows.push({ handler: h.handler, mode, pages, us: Math.min(...samples) });
      }
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
    for (const r of process.argv.includes("--reclaim-only") ? [] : traceRows(trace.file, runs, scratch)) {
      const aim = r.mode === "native" ? 1.5 : r.frames === 256 ? 3 : 4;
      console.log(
        `--frames ${String(r.frames).padEnd(5)} spin run --pager clock ${(r.runMs / 1000).toFixed(2)} s   spin load ${PAGER} --mode ${r.mode} ${(r.loadMs / 1000).toFixed(2)} s   = ${r.ratio.toFixed(2)}× wall (aim ${aim}×); CPU ${(r.runCpuMs / 1000).toFixed(2)} s vs ${(r.loadCpuMs / 1000).toFixed(2)} s = ${r.cpuRatio.toFixed(2)}×`,
      );
      console.log(`  ${r.faults}`);
    }
    console.log(`\n## one PhysAddr.Reclaim (SandboxVM.invoke, best of 3 rounds of ${events} events)`);
    const rows = await reclaimRows(events);
    // The machine's speed in the same run: a loaded machine inflates every figure alike.
    const bare = await bareCallFunction();
    const bareUs = Math.min(microsPerCall(20_000, bare.call), microsPerCall(20_000, bare.call));
    bare.dispose();
    console.log(`bare quickjs-emscripten callFunction, 3 numbers (the machine's yardstick): ${bareUs.toFixed(2)} µs`);
    for (const r of rows)
      console.log(
        `${r.handler.padEnd(26)} ${r.mode.padEnd(6)} ${String(r.pages).padStart(5)} resident pages  ${r.us.toFixed(1).padStart(7)} µs/event = ${(r.us / bareUs).toFixed(0).padStart(4)} bare calls${r.handler === "first page" ? ` (aim ${r.pages === 64 ? 25 : 100} µs)` : ""}`,
      );
  } finally {
    trace.cleanup();
  }
}

await main();
