/**
 * SFI overhead (docs/SFI.md, docs/PERFORMANCE.md "SFI overhead"): the example extensions in
 * typed mode and in SFI mode (all passes, then each pass alone), per event: host time of one
 * `SandboxVM.invoke` (the full sandbox path: JSON arguments in, guest dispatcher, result out),
 * interrupt polls (QuickJS's instruction account) and fuel units (the fuel pass's account).
 * Geometric mean of SFI/typed over the examples.
 *
 *   npm run build && node dist/bench/sfi-overhead.js [events]
 */
import fs from "node:fs";
import path from "node:path";
import { apiDeclarationFile, packageRoot } from "../extensions/loader/index.js";
import { loadCheckedExtension } from "../extensions/check/pipeline.js";
import { createSandboxVM, type SandboxVM } from "../sandbox/vm.js";
import { jsFileName, rewriteExtension } from "../extensions/sfi/rewrite.js";
import { PASS_NAMES, type PassName, type SfiOptionsInput } from "../extensions/sfi/options.js";
import { timeMs } from "./stats.js";

const N = Number(process.argv[2] ?? 2_000);
const ROUNDS = 7;

interface Case {
  file: string;
  /** Events and their arguments, cycled through. */
  events: { event: string; args: (i: number) => unknown }[];
}

const resident = (n: number, i: number) =>
  Array.from({ length: n }, (_, k) => ({
    frame: k,
    vpn: 1000 + ((k * 7 + i) % 97),
    referenced: (k + i) % 3 === 0,
    dirty: k % 5 === 0,
    loadedAt: (k * 31 + i) % 1000,
    lastAccess: (k * 17 + i * 3) % 1000,
  }));
const reclaim = {
  event: "PhysAddr.Reclaim",
  args: (i: number) => ({ space: 0, vpn: 2000 + (i % 80), resident: resident(64, i) }),
};

const CASES: Case[] = [
  { file: "examples/pagers/fifo.ts", events: [reclaim] },
  { file: "examples/pagers/clock.ts", events: [reclaim] },
  { file: "examples/pagers/loop-aware.ts", events: [reclaim] },
  {
    file: "examples/schedulers/priority.ts",
    events: [
      {
        event: "Strand.Resume",
        args: (i) => ({
          space: 0,
          strand: 0,
          current: i % 4,
          ready: [0, 1, 2, 3].map((t) => ({ thread: t, priority: (t * 5 + i) % 3, readySince: i, ranNs: t })),
        }),
      },
    ],
  },
  {
    file: "examples/prefetch/sequential.ts",
    events: [
      {
        event: "Translation.PageNotPresent",
        args: (i) => ({ space: 0, thread: 0, vpn: i, access: "read", onSwap: true }),
      },
      { event: "Disk.IOComplete", args: (i) => ({ space: 0, kind: "prefetch", vpn: i + 8 }) },
    ],
  },
];

type Config = { name: string; sfi?: SfiOptionsInput };
const allOff = Object.fromEntries(PASS_NAMES.map((p) => [p, false])) as Record<PassName, boolean>;
const CONFIGS: Config[] = [
  { name: "typed" },
  { name: "sfi: all passes", sfi: {} },
  { name: "sfi: core only (wrapper)", sfi: { passes: allOff } },
  ...PASS_NAMES.map((p) => ({ name: `sfi: ${p} only`, sfi: { passes: { ...allOff, [p]: true } } })),
];

async function vmFor(file: string, config: Config, fuel: number[] | undefined): Promise<SandboxVM> {
  const abs = path.join(packageRoot(), file);
  const source = fs.readFileSync(abs, "utf8");
  const js =
    config.sfi === undefined
      ? loadCheckedExtension(file, source, { apiDeclarationFile: apiDeclarationFile() }).js
      : rewriteExtension(file, source, config.sfi).js;
  const made = await createSandboxVM({
    source: js,
    filename: jsFileName(file),
    limits: { budget: 10_000, timeoutMs: 10_000 },
    ...(fuel ? { hostFunctions: { sfiFuel: (n) => void fuel.push(Number(n)) } } : {}),
  });
  if (!made.ok) throw new Error(`${file} (${config.name}): ${made.error.message}`);
  return made.value;
}

function runEvents(vm: SandboxVM, c: Case, n: number): void {
  for (let i = 0; i < n; i++) {
    const e = c.events[i % c.events.length]!;
    const r = vm.invoke(e.event, 0, e.args(i));
    if (!r.ok) throw new Error(`${c.file} ${e.event}: ${r.error.kind}: ${r.error.message}`);
  }
}

async function main(): Promise<void> {
  console.log(
    `SFI overhead: ${N} events per example per round, best of ${ROUNDS} interleaved rounds (the machine is shared: the minimum is the least disturbed), one invoke = full sandbox path\n`,
  );
  const timeUs: Record<string, Record<string, number>> = {};
  const counts: Record<string, { polls: number; fuel: number }> = {};
  for (const c of CASES) {
    timeUs[c.file] = {};
    const vms = await Promise.all(CONFIGS.map((cfg) => vmFor(c.file, cfg, undefined)));
    vms.forEach((vm) => runEvents(vm, c, Math.min(300, N))); // warm-up
    const samples: number[][] = CONFIGS.map(() => []);
    for (let round = 0; round < ROUNDS; round++) {
      vms.forEach((vm, k) => {
        samples[k]!.push((timeMs(() => runEvents(vm, c, N)).ms * 1000) / N);
      });
    }
    CONFIGS.forEach((cfg, k) => (timeUs[c.file]![cfg.name] = Math.min(...samples[k]!)));
    vms.forEach((vm) => vm.dispose());
    // Instruction accounts (separate, untimed VMs): polls of the typed and all-passes SFI VMs, fuel of the latter.
    const fuel: number[] = [];
    const typed = await vmFor(c.file, CONFIGS[0]!, undefined);
    const sfi = await vmFor(c.file, CONFIGS[1]!, fuel);
    const p0 = typed.stats.instructions;
    const p1 = sfi.stats.instructions;
    runEvents(typed, c, N);
    runEvents(sfi, c, N);
    counts[c.file] = { polls: typed.stats.instructions - p0, fuel: fuel.reduce((a, b) => a + b, 0) };
    (counts[c.file] as { sfiPolls?: number }).sfiPolls = sfi.stats.instructions - p1;
    typed.dispose();
    sfi.dispose();
  }

  const short = (f: string) => path.basename(f, ".ts");
  const header = ["config", ...CASES.map((c) => short(c.file)), "geomean ×typed"];
  const rows: string[][] = [];
  for (const cfg of CONFIGS) {
    const ratios = CASES.map((c) => timeUs[c.file]![cfg.name]! / timeUs[c.file]!.typed!);
    const gm = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length);
    rows.push([
      cfg.name,
      ...CASES.map(
        (c, i) =>
          `${timeUs[c.file]![cfg.name]!.toFixed(1)} µs${cfg.name === "typed" ? "" : ` (${ratios[i]!.toFixed(2)}×)`}`,
      ),
      cfg.name === "typed" ? "1" : `${gm.toFixed(3)}×`,
    ]);
  }
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);

  console.log(
    `\nInstruction accounts over ${N} events (all passes): fuel units vs interrupt polls (1 poll = 10,000 QuickJS ticks)\n`,
  );
  console.log("| example | fuel units/event | typed polls | SFI polls | typed ticks/fuel unit | SFI ticks/fuel unit |");
  console.log("|---|---|---|---|---|---|");
  for (const c of CASES) {
    const k = counts[c.file]! as { polls: number; fuel: number; sfiPolls: number };
    const per = (polls: number) => (k.fuel > 0 ? ((polls * 10_000) / k.fuel).toFixed(1) : "–");
    console.log(
      `| ${short(c.file)} | ${(k.fuel / N).toFixed(1)} | ${k.polls} | ${k.sfiPolls} | ${per(k.polls)} | ${per(k.sfiPolls)} |`,
    );
  }
}

await main();
