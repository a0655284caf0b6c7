/**
 * `npm run bench`: every benchmark, one child process each, in sequence (a process per benchmark
 * keeps one's JIT and heap state out of the next one's figures). About 2–3 minutes on 2 cores.
 *
 *   npm run build && npm run bench [-- --only kernel,dispatch]
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
// The CLI's own entry, run as a script: a benchmark run through `node --input-type=module -e`
// passed that flag on to every worker thread it started (Node's default execArgv), and a server
// placement's worker died of it ("--input-type can only be used with string input via --eval").
const spin = path.join(here, "..", "..", "bin", "spin.js");

/** name, script (relative to dist/bench or the spin CLI), arguments. */
const BENCHES: readonly { name: string; args: readonly string[] }[] = [
  { name: "startup", args: [path.join(here, "startup.js")] },
  { name: "kernel", args: [path.join(here, "kernel-throughput.js")] },
  { name: "trace-parse", args: [path.join(here, "trace-parse.js")] },
  {
    name: "dispatch",
    args: [spin, "bench", "dispatch"],
  },
  { name: "sandbox-dispatch", args: [path.join(here, "sandbox-dispatch.js"), "10000"] },
  { name: "pager-trace", args: [path.join(here, "pager-trace.js")] },
  {
    name: "placements",
    args: [spin, "bench", "placement", "--plot", "docs/placements.svg"],
  },
  { name: "quickjs-crossing", args: [path.join(here, "quickjs-crossing.js"), "10000"] },
  { name: "sfi-overhead", args: [path.join(here, "sfi-overhead.js"), "300"] },
  { name: "typecheck", args: [path.join(here, "typecheck.js")] },
  { name: "watchdog", args: [path.join(here, "watchdog.js"), "10", "--matrix"] },
  { name: "unmetered-ops", args: [path.join(here, "unmetered-ops.js")] },
];

const at = process.argv.indexOf("--only");
const only = at >= 0 ? new Set((process.argv[at + 1] ?? "").split(",")) : undefined;
let failed = 0;
for (const b of BENCHES) {
  if (only && !only.has(b.name)) continue;
  console.log(`\n===== ${b.name} =====`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...b.args], { stdio: "inherit" });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed++;
    console.log(`(${b.name} exited with ${r.status ?? r.signal} after ${s} s)`);
  } else console.log(`(${b.name}: ${s} s)`);
}
process.exitCode = failed > 0 ? 1 : 0;
