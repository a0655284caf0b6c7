/**
 * Start-up of the `spin` command, as whole processes (issue 14): `spin --help`, `spin run` of the
 * textbook scenario (20 references), and `spin load examples/pagers/fifo.ts` on it, first with
 * an empty cache of prepared extensions (a fresh folder each run: the extension is type-checked,
 * verified and transpiled in the type check's worker) and then with the cache holding it (the
 * second load of an unchanged file). Each command runs RUNS times after one warm-up, the commands
 * taking turns, so that a machine whose speed drifts slows them alike; the figures are medians of
 * the wall time and of the CPU time of the whole process (all its threads), which the child
 * reports as it exits.
 *
 *   npm run build && node dist/bench/startup.js [runs]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CPU_REPORTER } from "./process-cpu.js";
import { median } from "./stats.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const bin = path.join(root, "bin", "spin.js");

export interface StartupCommand {
  readonly name: string;
  readonly args: readonly string[];
  /** Aim for the median wall time, ms. */
  readonly aimMs: number;
  /**
   * The cache folder of one run: a fresh one (nothing cached: a first run on this machine), one
   * holding the compiler's code cache but not the extension (the file was edited: the usual
   * first load), one holding both (the unchanged file loaded again), or none (the cache off).
   */
  readonly cache: "fresh" | "edited" | "primed" | "off";
}

export const STARTUP_COMMANDS: readonly StartupCommand[] = [
  { name: "spin --help", args: ["--help"], aimMs: 300, cache: "off" },
  {
    name: "spin run examples/scenarios/textbook.json",
    args: ["run", "examples/scenarios/textbook.json"],
    aimMs: 400,
    cache: "off",
  },
  {
    name: "spin load examples/pagers/fifo.ts --scenario examples/scenarios/textbook.json (empty cache)",
    args: ["load", "examples/pagers/fifo.ts", "--scenario", "examples/scenarios/textbook.json"],
    aimMs: 1000,
    cache: "fresh",
  },
  {
    name: "the same, the file edited (the compiler's code cache kept, the extension checked)",
    args: ["load", "examples/pagers/fifo.ts", "--scenario", "examples/scenarios/textbook.json"],
    aimMs: 1000,
    cache: "edited",
  },
  {
    name: "the same, second load of the unchanged file (cached)",
    args: ["load", "examples/pagers/fifo.ts", "--scenario", "examples/scenarios/textbook.json"],
    aimMs: 1000,
    cache: "primed",
  },
];

export interface StartupResult {
  readonly command: StartupCommand;
  readonly wallMs: readonly number[];
  readonly cpuMs: readonly number[];
}

/** One whole-process run: wall and CPU time (ms). Throws when the command fails. */
function runOnce(command: StartupCommand, primed: string, scratch: string): { wallMs: number; cpuMs: number } {
  const cpuFile = path.join(scratch, "cpu");
  const cacheDir =
    command.cache === "off" ? "off" : command.cache === "fresh" ? fs.mkdtempSync(path.join(scratch, "c-")) : primed;
  // An edited file: its prepared entry is gone, the compiler's code cache (primed/v8/) is not.
  if (command.cache === "edited" && fs.existsSync(primed))
    for (const name of fs.readdirSync(primed)) if (name.endsWith(".json")) fs.rmSync(path.join(primed, name));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--require", path.join(scratch, "cpu.cjs"), bin, ...command.args], {
    cwd: root,
    env: { ...process.env, SPIN_CACHE_DIR: cacheDir, SPIN_BENCH_CPU: cpuFile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command.name} exited with ${r.status ?? r.signal}: ${String(r.stderr)}`);
  if (command.cache === "fresh") fs.rmSync(cacheDir, { recursive: true, force: true });
  return { wallMs, cpuMs: Number(fs.readFileSync(cpuFile, "utf8")) };
}

export function measureStartup(runs = 5): StartupResult[] {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "spin-startup-"));
  try {
    fs.writeFileSync(path.join(scratch, "cpu.cjs"), CPU_REPORTER);
    const primed = path.join(scratch, "primed");
    const results = STARTUP_COMMANDS.map((command) => ({ command, wallMs: [] as number[], cpuMs: [] as number[] }));
    // The first round is the warm-up (and primes the cache); the commands take turns.
    for (let round = 0; round <= runs; round++) {
      for (const r of results) {
        const t = runOnce(r.command, primed, scratch);
        if (round === 0) continue;
        r.wallMs.push(t.wallMs);
        r.cpuMs.push(t.cpuMs);
      }
    }
    return results;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

export function formatStartup(results: readonly StartupResult[]): string {
  const lines = [
    `## start-up: whole processes, median of ${results[0]?.wallMs.length ?? 0} (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores)`,
  ];
  for (const r of results) {
    const wall = median(r.wallMs);
    const verdict = wall <= r.command.aimMs ? "met" : `missed by ${(wall - r.command.aimMs).toFixed(0)} ms`;
    lines.push(
      `${r.command.name}\n  wall ${wall.toFixed(0)} ms (${Math.min(...r.wallMs).toFixed(0)}–${Math.max(...r.wallMs).toFixed(0)}), cpu ${median(r.cpuMs).toFixed(0)} ms; aim ≤ ${r.command.aimMs} ms wall: ${verdict}`,
    );
  }
  const cold = results.find((r) => r.command.cache === "edited");
  const warm = results.find((r) => r.command.cache === "primed");
  if (cold && warm)
    lines.push(
      `unchanged file / edited file: wall ${(median(warm.wallMs) / median(cold.wallMs)).toFixed(2)}, cpu ${(median(warm.cpuMs) / median(cold.cpuMs)).toFixed(2)}`,
    );
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const runs = Number(process.argv[2] ?? 5);
  console.log(formatStartup(measureStartup(Number.isInteger(runs) && runs > 0 ? runs : 5)));
}
