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
import { builtinPolicies, GRACE_MS, KILL_MARGIN_MS, packageRoot, prepareExtension, runSupervised } from "../extensions/loader/index.js";
import { resolveLoadOptions } from "../extensions/loader/load.js";
import { loadWorkload } from "../workloads/index.js";

const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 10);
const JSON_OUT = process.argv.includes("--json");

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const summary = (xs: number[]) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs), n: xs.length });

export interface WatchdogBench {
  readonly startup: { readonly inThreadMs: ReturnType<typeof summary>; readonly supervisedMs: ReturnType<typeof summary>; readonly addedMedianMs: number };
  readonly grace: {
    readonly timeoutMs: number;
    readonly killMarginMs: number;
    readonly statedGraceMs: number;
    readonly pastDeadlineMs: ReturnType<typeof summary>;
    readonly longestCallMs: number;
  };
}

export async function benchWatchdog(runs = RUNS): Promise<WatchdogBench> {
  const root = packageRoot();
  const config = loadWorkload(path.join(root, "examples", "scenarios", "textbook.json"));
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
  const holder = await prepareExtension(config, { file: path.join(root, "examples", "exercises", "builtin-typed-array-from-arraylike.ts") });
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
    startup: { inThreadMs: summary(inThread), supervisedMs: summary(supervised), addedMedianMs: median(supervised) - median(inThread) },
    grace: { timeoutMs, killMarginMs: KILL_MARGIN_MS, statedGraceMs: GRACE_MS, pastDeadlineMs: summary(past), longestCallMs: longest },
  };
}

const r = await benchWatchdog();
if (JSON_OUT) console.log(JSON.stringify(r, null, 2));
else {
  const f = (s: { min: number; median: number; max: number; n: number }) => `min ${s.min.toFixed(1)}  median ${s.median.toFixed(1)}  max ${s.max.toFixed(1)} ms (n=${s.n})`;
  console.log(`run of fifo.ts on textbook.json, in this thread:  ${f(r.startup.inThreadMs)}`);
  console.log(`the same run, supervised (worker start included):  ${f(r.startup.supervisedMs)}`);
  console.log(`added by the worker (medians): ${r.startup.addedMedianMs.toFixed(1)} ms`);
  console.log(`kills past the deadline (timeout ${r.grace.timeoutMs} ms, margin ${r.grace.killMarginMs} ms): ${f(r.grace.pastDeadlineMs)}`);
  console.log(`longest call: ${r.grace.longestCallMs.toFixed(1)} ms; stated grace ${r.grace.statedGraceMs} ms`);
}
