/**
 * `npm run bench:web`: the playground's aims, measured in headless Chromium on this machine
 * (docs/PERFORMANCE.md, "Playground"). Host times: they vary from run to run and with the load of
 * the machine; each figure is the median of several runs, with the spread.
 *
 *   first load      a cold page (fresh profile, nothing cached) until the editor takes input,
 *                   and until the first check has answered
 *   check as typed  the check's time after each edit of examples/pagers/clock.ts (52 lines),
 *                   after the first check
 *   clock.ts run    Run to result on the default scenario, in the page and with `spin load`
 *   bundle          every file of the built page, and what a first visit downloads
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { packageRoot } from "../../extensions/loader/paths.js";
import { buildPlayground } from "./build.js";
import { findChromium, launch, NOT_RUN_LINE } from "./chromium.js";
import { serveStatic } from "./serve.js";

const RUNS = Number(process.env.SPIN_BENCH_RUNS ?? 3);
/** The page's document, as far as the functions below (run in the page) use it: this file is typed for Node. */
declare const document: { getElementById(id: string): { dataset: Record<string, string | undefined> } | null };
const CHECK_OK = () => document.getElementById("check-status")?.dataset.state === "ok";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
const fmt = (xs: number[]) =>
  `${Math.round(median(xs))} ms (min ${Math.round(Math.min(...xs))}, max ${Math.round(Math.max(...xs))}, ${xs.length} runs)`;

const chromium = findChromium();
if (chromium === undefined) {
  process.stderr.write(`${NOT_RUN_LINE}\n`);
  process.exit(2);
}
const built = await buildPlayground();
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const total = built.files.reduce((a, f) => a + f.bytes, 0);
const totalGz = built.files.reduce((a, f) => a + f.gzipBytes, 0);
const server = await serveStatic(built.outDir, 0);

const editorReady: number[] = [];
const firstCheck: number[] = [];
let firstVisit = 0;
for (let i = 0; i < RUNS; i++) {
  const b = await launch(chromium);
  const page = await b.context.newPage();
  let bytes = 0;
  page.on(
    "response",
    (r) =>
      void r
        .body()
        .then((body) => (bytes += body.length))
        .catch(() => undefined),
  );
  const started = Date.now();
  await page.goto(server.url);
  await page.waitForSelector("body[data-ready=editor] .cm-content");
  editorReady.push(Date.now() - started);
  await page.waitForFunction(CHECK_OK, undefined, { timeout: 60_000 });
  firstCheck.push(Date.now() - started);
  firstVisit = Math.max(firstVisit, bytes);
  await b.close();
}

const b = await launch(chromium);
const page = await b.context.newPage();
await page.goto(server.url);
await page.waitForFunction(CHECK_OK, undefined, { timeout: 60_000 });
const checks: number[] = [];
for (let i = 0; i < 10; i++) {
  const seq = Number(await page.getAttribute("#check-status", "data-seq"));
  await page.click(".cm-content");
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("End");
  await page.keyboard.type(" x");
  await page.waitForFunction(
    (s) =>
      Number(document.getElementById("check-status")?.dataset.seq) > s &&
      document.getElementById("check-status")?.dataset.state !== "checking",
    seq,
    { timeout: 60_000 },
  );
  checks.push(Number(await page.getAttribute("#check-status", "data-check-ms")));
}
// Back to the example as it is, then the default run (clock.ts, examples/scenarios/looping.json).
await page.selectOption("#extension-select", "examples/pagers/clock.ts");
// The page's runs and the CLI's alternate, so that both see the same load of the machine.
const pageRuns: number[] = [];
const workerRuns: number[] = [];
const cliRuns: number[] = [];
const spin = path.join(packageRoot(), "bin", "spin.js");
for (let i = 0; i < RUNS; i++) {
  const started = Date.now();
  await page.click("#run-button");
  await page.waitForFunction(() => document.getElementById("status")?.dataset.state === "done", undefined, {
    timeout: 300_000,
  });
  pageRuns.push(Date.now() - started);
  const m = /done: (\d+) ms with the extension, (\d+) ms built-in/.exec((await page.textContent("#status")) ?? "");
  if (m) workerRuns.push(Number(m[1]) + Number(m[2]));
  const cliStarted = Date.now();
  const r = spawnSync(process.execPath, [spin, "load", "examples/pagers/clock.ts"], {
    cwd: packageRoot(),
    stdio: "ignore",
  });
  if (r.status !== 0) throw new Error(`spin load exited ${r.status}`);
  cliRuns.push(Date.now() - cliStarted);
}
await b.close();
await server.close();

const lines = [
  `first load, editor ready:        ${fmt(editorReady)}   (aim ≤ 3000 ms)`,
  `first load, first check shown:   ${fmt(firstCheck)}`,
  `check as you type (after first): median ${median(checks).toFixed(0)} ms, max ${Math.max(...checks).toFixed(0)} ms over ${checks.length} edits   (aim ≤ 300 ms)`,
  `clock.ts, default scenario:      page ${fmt(pageRuns)}; in the worker ${fmt(workerRuns)}; spin load ${fmt(cliRuns)}; page / CLI ${(median(pageRuns) / median(cliRuns)).toFixed(2)}   (aim ≤ 2)`,
  `bundle: ${built.files.length} files, ${kib(total)} (${kib(totalGz)} gzip); a first visit downloads ${kib(firstVisit)}`,
  ...built.files
    .filter((f) => f.bytes > 64 * 1024)
    .map((f) => `  ${f.file}: ${kib(f.bytes)} (${kib(f.gzipBytes)} gzip)`),
];
process.stdout.write(`${lines.join("\n")}\n`);
