/**
 * The host watchdog (extensions/loader/supervised-run.ts), measured:
 *  - start-up: the same run of examples/pagers/fifo.ts on textbook.json in this thread (attach
 *    and run) and supervised (a worker started, the run, its result back), extensions prepared
 *    once beforehand; the difference is what the worker adds to every `spin load`;
 *  - the grace: examples/exercises/builtin-typed-array-from-arraylike.ts holds the host in a C
 *    builtin no meter sees, so its first invocation is killed (and the extension unloaded: one
 *    kill per run); for each kill, how long the call held the host past its deadline
 *    (`heldMs - timeout`), and the longest call of the runs.
 *
 *   npm run build && node dist/bench/watchdog.js [runs] [--json]
 */
import path from "node:path";
import { Kernel } from "../kernel/machine/kernel.js";
import { AttachedExtensions } from "../extensions/loader/attach.js";
import {
  builtinPolicies,
  EVENT_TIMEOUT_FACTOR,
  GRACE_MS,
  KILL_MARGIN_MS,
  packageRoot,
  prepareExtension,
  runSupervised,
} from "../extensions/loader/index.js";
import { stopTypeCheckWorker } from "../extensions/check/timeout.js";
import { loadCatalogue, runMatrix } from "../extensions/exercise/index.js";
import { MODE_NAMES } from "../extensions/loader/modes.js";
import { DEFAULT_LIMITS } from "../sandbox/limits.js";
import { resolveLoadOptions } from "../extensions/loader/load.js";
import { loadWorkload } from "../workloads/index.js";
import { checkPolicyChoice } from "../policies/index.js";
import { median, summary, type Summary } from "./stats.js";

const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 10);
const JSON_OUT = process.argv.includes("--json");
/** `--matrix`: also run every exercise in every mode for the longest guest call (a few minutes). */
const MATRIX = process.argv.includes("--matrix");

export interface WatchdogBench {
  readonly startup: { readonly inThreadMs: Summary; readonly supervisedMs: Summary; readonly addedMedianMs: number };
  readonly grace: {
    readonly timeoutMs: number;
    readonly killMarginMs: number;
    readonly statedGraceMs: number;
    readonly pastDeadlineMs: Summary;
    readonly longestCallMs: number;
  };
}

export async function benchWatchdog(runs = RUNS): Promise<WatchdogBench> {
  const root = packageRoot();
  const config = loadWorkload(path.join(root, "examples", "scenarios", "textbook.json"), {}, checkPolicyChoice);
  const settings = resolveLoadOptions({});
  const fifo = await prepareExtension(config, { file: path.join(root, "examples", "pagers", "fifo.ts") });

  const inThread: number[] = [];
  const supervised: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    let t0 = performance.now();
    const kernel = new Kernel(config, builtinPolicies);
    const set = new AttachedExtensions(kernel, settings);
    await set.attach(fifo);
    set.watch();
    kernel.run();
    set.dispose();
    const a = performance.now() - t0;
    t0 = performance.now();
    const r = await runSupervised({ config, extensions: [fifo], options: settings });
    const b = performance.now() - t0;
    if (!r.ok) throw new Error("fifo.ts did not load");
    if (i > 0) {
      inThread.push(a);
      supervised.push(b);
    }
  }

  const timeoutMs = 200;
  const holder = await prepareExtension(config, {
    file: path.join(root, "examples", "exercises", "builtin-typed-array-from-arraylike.ts"),
  });
  const limited = resolveLoadOptions({ limits: { timeoutMs } });
  const past: number[] = [];
  let longest = 0;
  // One kill per run (an extension is unloaded at its first): 2 × runs runs for as many kills.
  for (let i = 0; i < 2 * runs; i++) {
    const r = await runSupervised({ config, extensions: [holder], options: limited });
    for (const k of r.host.kills) past.push(k.heldMs - timeoutMs);
    longest = Math.max(longest, r.host.longestCallMs);
  }
  return {
    startup: {
      inThreadMs: summary(inThread),
      supervisedMs: summary(supervised),
      addedMedianMs: median(supervised) - median(inThread),
    },
    grace: {
      timeoutMs,
      killMarginMs: KILL_MARGIN_MS,
      statedGraceMs: GRACE_MS,
      pastDeadlineMs: summary(past),
      longestCallMs: longest,
    },
  };
}

export interface MatrixLongestCall {
  readonly cells: number;
  /** The longest host time of one guest call over every exercise in every mode (ms), and where. */
  readonly longestCallMs: number;
  readonly worst: string;
  /** The longest deadline a call can have (a batch's event cap) plus the stated grace. */
  readonly boundMs: number;
  readonly withinBound: boolean;
}

/**
 * The host watchdog's promise over the whole exercise matrix: no guest call held the host longer
 * than the longest deadline a call can have plus the grace (a host-time claim: measured here,
 * not asserted by the test suite, which checks the matrix's deterministic outcomes).
 */
export async function benchMatrixLongestCall(): Promise<MatrixLongestCall> {
  const boundMs = EVENT_TIMEOUT_FACTOR * DEFAULT_LIMITS.timeoutMs + GRACE_MS;
  let longestCallMs = 0;
  let worst = "-";
  let cells = 0;
  try {
    for (const row of await runMatrix(loadCatalogue(), { modes: MODE_NAMES })) {
      for (const [mode, cell] of Object.entries(row.cells)) {
        cells++;
        if (cell?.longestCallMs != null && cell.longestCallMs > longestCallMs) {
          longestCallMs = cell.longestCallMs;
          worst = `${row.name} [${mode}]`;
        }
      }
    }
  } finally {
    await stopTypeCheckWorker();
  }
  return { cells, longestCallMs, worst, boundMs, withinBound: longestCallMs <= boundMs };
}

const r = await benchWatchdog();
const matrix = MATRIX ? await benchMatrixLongestCall() : undefined;
if (JSON_OUT) console.log(JSON.stringify(matrix ? { ...r, matrix } : r, null, 2));
else {
  const f = (s: Summary) =>
    `min ${s.min.toFixed(1)}  median ${s.median.toFixed(1)}  max ${s.max.toFixed(1)} ms (n=${s.n})`;
  console.log(`run of fifo.ts on textbook.json, in this thread:  ${f(r.startup.inThreadMs)}`);
  console.log(`the same run, supervised (worker start included):  ${f(r.startup.supervisedMs)}`);
  console.log(`added by the worker (medians): ${r.startup.addedMedianMs.toFixed(1)} ms`);
  console.log(
    `kills past the deadline (timeout ${r.grace.timeoutMs} ms, margin ${r.grace.killMarginMs} ms): ${f(r.grace.pastDeadlineMs)}`,
  );
  console.log(`longest call: ${r.grace.longestCallMs.toFixed(1)} ms; stated grace ${r.grace.statedGraceMs} ms`);
  if (matrix) {
    console.log(
      `exercise matrix (${matrix.cells} cells): longest call ${matrix.longestCallMs.toFixed(1)} ms (${matrix.worst}); bound ${matrix.boundMs} ms: ${matrix.withinBound ? "within" : "EXCEEDED"}`,
    );
  }
}
if (matrix && !matrix.withinBound) process.exitCode = 1;
