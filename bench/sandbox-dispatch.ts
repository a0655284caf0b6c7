/**
 * Cost of a sandboxed extension handler:
 *  - per event: a no-op `Translation.PageNotPresent` handler in a sandbox VM through the full
 *    dispatcher (schema check, accounting and host timing on), the bare quickjs-emscripten
 *    `callFunction` with the same three number arguments (baseline), a native handler (floor);
 *    plus a `PhysAddr.Reclaim` crossing with 64 resident pages (what a pager pays);
 *    The per-event subjects are timed in blocks interleaved in a seeded shuffled order, `reps`
 *    rounds (bench/interleave.ts, as `spin bench placement`): each figure is the median block with
 *    its 95% interval, and a ratio is given only with the interval of the blocks' ratios;
 *  - per load: the cold `spin load` pipeline (type check + verifier + transpile + VM) of an
 *    example pager vs spawning `npx tsc --noEmit` on the same file (once: a cold start happens once).
 *
 *   npm run build && node dist/bench/sandbox-dispatch.js [iterations] [reps]
 */
import { bareCallFunction } from "./bare-call.js";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { nativeHandler } from "../kernel/dispatcher/handler.js";
import { apiDeclarationFile, packageRoot } from "../extensions/loader/index.js";
import { loadCheckedExtension } from "../extensions/check/pipeline.js";
import { extensionTsconfig } from "../extensions/check/options.js";
import { SandboxHandlerDomain } from "../sandbox/handler.js";
import { createSandboxVM } from "../sandbox/vm.js";
import { benchDispatcher, interleaved, type PerEvent } from "./interleave.js";
import { type Interval, medianInterval } from "./latency.js";
import { finished, machineInfo, machineLine } from "./machine.js";
import { median } from "./stats.js";

const N = Number(process.argv[2] ?? 20_000);
/** Rounds of interleaved blocks: 6 or more give each figure a 95% interval. */
const REPS = Number(process.argv[3] ?? 7);
const SEED = 7;

const NOOP = `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ handlers: {
  "Translation.PageNotPresent": (args) => ({}),
  "PhysAddr.Reclaim": (args) => ({ victim: args.resident[0].frame }),
} });`;

async function perEvent(): Promise<{
  subjects: Record<string, PerEvent>;
  cpu: Record<string, PerEvent>;
  invocations: number;
}> {
  const created = await createSandboxVM({ source: NOOP, filename: "noop.js" });
  if (!created.ok) throw created.error;
  const vm = created.value;
  const domain = new SandboxHandlerDomain(vm, { sourceFile: "noop.ts" });
  const principal = { kind: "application", space: 0, name: "bench" } as const;

  const sandboxed = benchDispatcher();
  sandboxed.install("Translation.PageNotPresent", domain.handler("Translation.PageNotPresent", 0, "noop"), {
    principal,
    options: { cancel: true },
  });
  sandboxed.install("PhysAddr.Reclaim", domain.handler("PhysAddr.Reclaim", 0, "first"), {
    principal,
    options: { cancel: true },
  });

  const native = benchDispatcher();
  native.install(
    "Translation.PageNotPresent",
    nativeHandler("noop", () => ({})),
    { principal, options: { cancel: true } },
  );

  const key = { space: 0, vpn: 0, thread: 0 };
  const args = (i: number) => ({ space: 0, thread: 0, vpn: i & 1023, access: "read", onSwap: false }) as never;
  const resident = Array.from({ length: 64 }, (_, f) => ({
    frame: f,
    vpn: 4096 + f,
    referenced: f % 2 === 0,
    dirty: f % 3 === 0,
    loadedAt: 1e6 * f,
    lastAccess: 2e6 * f,
  }));
  const bare = await bareCallFunction();
  const cpu: Record<string, PerEvent> = {};
  const subjects = interleaved(
    {
      sandbox: {
        iterations: N,
        raise: (i) => {
          key.vpn = i & 1023;
          sandboxed.raise("Translation.PageNotPresent", key, args(i));
        },
      },
      native: {
        iterations: N,
        raise: (i) => {
          key.vpn = i & 1023;
          native.raise("Translation.PageNotPresent", key, args(i));
        },
      },
      bare: { iterations: N, raise: bare.call },
      reclaim: {
        iterations: Math.max(200, N / 20),
        raise: () => sandboxed.raise("PhysAddr.Reclaim", key, { space: 0, vpn: 7, resident } as never),
      },
    },
    REPS,
    SEED,
    cpu,
  );
  const invocations = sandboxed.bindings()[0]!.account.invocations;
  vm.dispose();
  bare.dispose();
  return { subjects, cpu, invocations };
}

async function perLoad(): Promise<Record<string, number>> {
  const file = path.join(packageRoot(), "examples", "pagers", "clock.ts");
  const source = fs.readFileSync(file, "utf8");
  const api = apiDeclarationFile();
  const t0 = performance.now();
  const checked = loadCheckedExtension(file, source, { apiDeclarationFile: api });
  const t1 = performance.now();
  const vm = await createSandboxVM({ source: checked.js, filename: "clock.js" });
  const t2 = performance.now();
  if (!vm.ok) throw vm.error;
  vm.value.dispose();
  const w0 = performance.now();
  const again = loadCheckedExtension(file, source, { apiDeclarationFile: api });
  const w1 = performance.now();
  const vm2 = await createSandboxVM({ source: again.js, filename: "clock.js" });
  const w2 = performance.now();
  if (vm2.ok) vm2.value.dispose();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-bench-"));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(extensionTsconfig(api)));
  fs.copyFileSync(file, path.join(dir, "clock.ts"));
  const s0 = performance.now();
  const tsc = spawnSync("npx", ["tsc", "-p", dir], { cwd: packageRoot(), encoding: "utf8" });
  const s1 = performance.now();
  fs.rmSync(dir, { recursive: true, force: true });
  if (tsc.status !== 0) console.log(`(npx tsc exited ${tsc.status}: ${tsc.stdout}${tsc.stderr})`);
  return { coldCheckMs: t1 - t0, coldVmMs: t2 - t1, warmCheckMs: w1 - w0, warmVmMs: w2 - w1, tscMs: s1 - s0 };
}

const machine = machineInfo();
const e = await perEvent();
const l = await perLoad();
const s = e.subjects;
const f = (x: number, d = 2) => x.toFixed(d);
const ci = (i: Interval | null | undefined, d = 2) => (i ? ` (95% ${f(i.lo, d)}–${f(i.hi, d)})` : "");
const us = (p: PerEvent) => `${f(p.us)}${ci(p.ci)}`;
/** A ratio of two subjects: the median of their blocks' ratios, round by round, and its interval. */
const ratio = (a: PerEvent, b: PerEvent, d: number) => {
  const xs = a.samplesUs.map((x, r) => x / b.samplesUs[r]!);
  return `${f(median(xs), d)}×${ci(medianInterval(xs), d)}`;
};
console.log(
  `## sandboxed handlers: ${REPS} rounds of interleaved blocks of ${N} events (shuffled order, seed ${SEED})`,
);
console.log(machineLine(finished(machine)));
console.log("median block, µs per event (95% interval of the median):");
console.log(`native handler through the dispatcher (floor)             ${us(s.native!)} µs/event`);
console.log(`bare quickjs-emscripten callFunction, 3 numbers (baseline) ${us(s.bare!)} µs/call`);
console.log(`sandboxed no-op PageNotPresent, full dispatcher            ${us(s.sandbox!)} µs/event`);
console.log(
  `  = ${ratio(s.sandbox!, s.bare!, 1)} the bare call, ${ratio(s.sandbox!, s.native!, 0)} the native handler`,
);
console.log(
  `sandboxed Reclaim, the same 64 resident pages every event  ${us(s.reclaim!)} µs/event (no edits; pager-trace: with edits)`,
);
const c = e.cpu;
console.log("the same blocks in CPU time (user + system: waiting for a core does not count), µs per event:");
console.log(`native handler ${us(c.native!)}, bare call ${us(c.bare!)}, sandboxed no-op ${us(c.sandbox!)}`);
console.log(`  = ${ratio(c.sandbox!, c.bare!, 1)} the bare call`);
console.log(`(${e.invocations} invocations of the no-op handler, warm-up included)`);
console.log(`## load pipeline of examples/pagers/clock.ts (once each)`);
console.log(
  `cold: check+verify+transpile ${f(l.coldCheckMs!, 1)} ms + VM ${f(l.coldVmMs!, 1)} ms = ${f(l.coldCheckMs! + l.coldVmMs!, 1)} ms`,
);
console.log(
  `warm: check+verify+transpile ${f(l.warmCheckMs!, 1)} ms + VM ${f(l.warmVmMs!, 1)} ms = ${f(l.warmCheckMs! + l.warmVmMs!, 1)} ms`,
);
console.log(
  `spawned npx tsc --noEmit on the same file: ${f(l.tscMs!, 0)} ms (${f(l.tscMs! / (l.coldCheckMs! + l.coldVmMs!), 1)}× the cold pipeline)`,
);
