/**
 * Micro-benchmark of the QuickJS boundary, reproducing the figures in docs/SANDBOX.md.
 *   npm run build && node dist/bench/quickjs-crossing.js [iterations]
 */
import { newQuickJSWASMModule, RELEASE_SYNC, type QuickJSContext, type QuickJSHandle } from "quickjs-emscripten";
import { compiledQuickJS, newIsolatedQuickJS } from "../sandbox/engine.js";
import { createSandboxVM } from "../sandbox/vm.js";
import { microsPerCall } from "./stats.js";

const N = Number(process.argv[2] ?? 20_000);

/** µs per call of `fn` (the label names the row of the printed table). */
function timeIt(_label: string, iterations: number, fn: () => void): number {
  return microsPerCall(iterations, fn);
}

function evalFn(ctx: QuickJSContext, code: string): QuickJSHandle {
  const r = ctx.evalCode(code, "bench.js", { type: "global" });
  if (r.error !== undefined) {
    const e: unknown = ctx.dump(r.error);
    r.error.dispose();
    throw new Error(`bench setup failed: ${JSON.stringify(e)}`);
  }
  return r.value;
}

async function creation(): Promise<void> {
  console.log("## (a) creating a module + runtime + context");
  const reps = 10;
  let t0 = performance.now();
  for (let i = 0; i < reps; i++) {
    const m = await newQuickJSWASMModule(RELEASE_SYNC);
    const rt = m.newRuntime();
    const ctx = rt.newContext();
    ctx.dispose();
    rt.dispose();
  }
  const fresh = (performance.now() - t0) / reps;
  await compiledQuickJS();
  t0 = performance.now();
  for (let i = 0; i < reps; i++) {
    const m = await newIsolatedQuickJS();
    const rt = m.newRuntime();
    const ctx = rt.newContext();
    ctx.dispose();
    rt.dispose();
  }
  const shared = (performance.now() - t0) / reps;
  const src = `import { defineExtension } from "spin-kernel/extension";
defineExtension({ handlers: { add: (a) => a.x + a.y } });`;
  t0 = performance.now();
  const vms = [];
  for (let i = 0; i < reps; i++) {
    const r = await createSandboxVM({ source: src });
    if (!r.ok) throw r.error;
    vms.push(r.value);
  }
  const full = (performance.now() - t0) / reps;
  for (const vm of vms) vm.dispose();

  // memory: keep K live VMs, look at the process deltas
  const K = 20;
  (globalThis as { gc?: () => void }).gc?.();
  const m0 = process.memoryUsage();
  const live = [];
  for (let i = 0; i < K; i++) {
    const r = await createSandboxVM({ source: src });
    if (!r.ok) throw r.error;
    live.push(r.value);
  }
  const m1 = process.memoryUsage();
  const heapPerVm = live.reduce((a, vm) => a + (vm.memoryUsage() ?? 0), 0) / K;
  for (const vm of live) vm.dispose();
  console.log(`  newQuickJSWASMModule(RELEASE_SYNC) (compiles wasm each time) + rt + ctx: ${fresh.toFixed(2)} ms`);
  console.log(`  shared compiled wasm, new instance + rt + ctx:                     ${shared.toFixed(2)} ms`);
  console.log(`  createSandboxVM (instance + prelude + module eval + manifest):     ${full.toFixed(2)} ms`);
  console.log(
    `  per live VM: rss +${((m1.rss - m0.rss) / K / 1e6).toFixed(2)} MB, arrayBuffers +${((m1.arrayBuffers - m0.arrayBuffers) / K / 1e6).toFixed(2)} MB, QuickJS heap ${(heapPerVm / 1024).toFixed(0)} KiB in use`,
  );
  console.log(
    "  (each instance reserves a 16 MiB WASM linear memory up front; pages are committed lazily, hence the small rss)",
  );
}

async function crossings(): Promise<void> {
  console.log(`\n## (b,c) one host->guest call, ${N} iterations (µs/call, ratio vs bare call)`);
  const m = await newIsolatedQuickJS();
  const rt = m.newRuntime();
  const ctx = rt.newContext();
  const noop = evalFn(ctx, "(function () {})");
  const add3 = evalFn(ctx, "(function (a, b, c) { return a + b + c })");
  const json = evalFn(ctx, "(function (s) { const a = JSON.parse(s); return JSON.stringify(a[0] + a[1] + a[2]) })");
  const jsonCall = evalFn(
    ctx,
    "(function (s) { const c = JSON.parse(s); let o = '['; for (let i = 0; i < c.length; i++) o += (i ? ',' : '') + '{\"t\":\"v\",\"v\":' + JSON.stringify(c[i][2].x + c[i][2].y) + '}'; return o + ']' })",
  );
  let polls = 0;
  rt.setInterruptHandler(() => {
    polls++;
    return false;
  });

  const bare = timeIt("bare", N, () => {
    const r = ctx.callFunction(noop, ctx.undefined);
    r.unwrap().dispose();
  });
  const nums = timeIt("3 numbers", N, () => {
    const a = ctx.newNumber(1),
      b = ctx.newNumber(2),
      c = ctx.newNumber(3);
    try {
      const h = ctx.callFunction(add3, ctx.undefined, a, b, c).unwrap();
      ctx.getNumber(h);
      h.dispose();
    } finally {
      a.dispose();
      b.dispose();
      c.dispose();
    }
  });
  const str = timeIt("JSON string", N, () => {
    const s = ctx.newString("[1,2,3]");
    try {
      const h = ctx.callFunction(json, ctx.undefined, s).unwrap();
      JSON.parse(ctx.getString(h));
      h.dispose();
    } finally {
      s.dispose();
    }
  });
  const payload = JSON.stringify([["add", 0, { x: 1, y: 2 }]]);
  const envelope = timeIt("dispatcher-shaped JSON", N, () => {
    const s = ctx.newString(payload);
    try {
      const h = ctx.callFunction(jsonCall, ctx.undefined, s).unwrap();
      JSON.parse(ctx.getString(h));
      h.dispose();
    } finally {
      s.dispose();
    }
  });

  const vmr = await createSandboxVM({
    source: `import { defineExtension } from "spin-kernel/extension";
defineExtension({ handlers: { add: (a) => a.x + a.y, add3: (a) => a[0] + a[1] + a[2] } });`,
  });
  if (!vmr.ok) throw vmr.error;
  const vm = vmr.value;
  const inv = timeIt("invoke", N, () => {
    const r = vm.invoke("add", 0, { x: 1, y: 2 });
    if (!r.ok) throw r.error;
  });
  const calls4 = [0, 1, 2, 3].map(() => ({ event: "add", index: 0, args: { x: 1, y: 2 } }));
  const many = timeIt("invokeMany x4", N / 4, () => {
    const r = vm.invokeMany(calls4);
    if (!r.ok) throw r.error;
  });
  const ratio = (x: number) => `${x.toFixed(2)} µs  (${(x / bare).toFixed(2)}x)`;
  console.log(`  bare callFunction, no args, undefined result:         ${ratio(bare)}`);
  console.log(`  3 number args -> number result (4 handles):           ${ratio(nums)}`);
  console.log(`  1 JSON string arg -> JSON string result (parse both): ${ratio(str)}`);
  console.log(`  dispatcher-shaped JSON call ([[ev,idx,{x,y}]]):        ${ratio(envelope)}`);
  console.log(`  SandboxVM.invoke (full path, meter, envelopes):        ${ratio(inv)}`);
  console.log(
    `  SandboxVM.invokeMany of 4 handlers (one crossing):     ${ratio(many)}  = ${(many / 4).toFixed(2)} µs/handler`,
  );
  vm.dispose();

  console.log("\n## (d) interrupt granularity (simple `for` loop iterations per poll)");
  const loop = evalFn(ctx, "(function (n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s })");
  const calls = evalFn(
    ctx,
    "(function (n) { function f(x) { return x } let s = 0; for (let i = 0; i < n; i++) s += f(i); return s })",
  );
  for (const [name, fn] of [
    ["for loop", loop],
    ["for loop + 1 call", calls],
  ] as const) {
    const n = 1_000_000;
    const arg = ctx.newNumber(n);
    polls = 0;
    const t0 = performance.now();
    ctx.callFunction(fn, ctx.undefined, arg).unwrap().dispose();
    const ms = performance.now() - t0;
    arg.dispose();
    console.log(
      `  ${name}: ${n} iterations -> ${polls} polls = ${(n / polls).toFixed(0)} iterations/poll, ${((ms * 1000) / polls).toFixed(1)} µs/poll`,
    );
  }
  // carry-over: 100 calls of 1,000 iterations poll as often as one call of 100,000
  polls = 0;
  const small = ctx.newNumber(1000);
  for (let i = 0; i < 100; i++) ctx.callFunction(loop, ctx.undefined, small).unwrap().dispose();
  small.dispose();
  console.log(`  100 calls x 1,000 iterations -> ${polls} polls (the counter carries over between calls)`);
  polls = 0;
  const rep = evalFn(ctx, "(function () { return 'x'.repeat(1 << 24).split('').join(',').length })");
  ctx.callFunction(rep, ctx.undefined).unwrap().dispose();
  console.log(`  'x'.repeat(2^24).split('').join(',') -> ${polls} polls (C builtins are not polled)`);
  for (const h of [noop, add3, json, jsonCall, loop, calls, rep]) h.dispose();
  ctx.dispose();
  rt.dispose();
}

async function failures(): Promise<void> {
  console.log("\n## (e) out of memory and stack overflow");
  const cases: [string, string, number, number][] = [
    ["string over limit", "() => 'x'.repeat(1 << 26).length", 8 << 20, 256 << 10],
    ["'x'.repeat(1<<30)", "() => 'x'.repeat(1 << 30).length", 8 << 20, 256 << 10],
    ["array growth", "() => { const a = []; for (;;) a.push({}) }", 8 << 20, 256 << 10],
    ["deep recursion", "function r(n) { return r(n + 1) + 1 }", 8 << 20, 256 << 10],
  ];
  for (const [label, handler, memoryBytes, stackBytes] of cases) {
    const vmr = await createSandboxVM({
      source: `import { defineExtension } from "spin-kernel/extension"; defineExtension({ handlers: { h: ${handler} } });`,
      limits: { memoryBytes, stackBytes, budget: 100_000, timeoutMs: 10_000 },
    });
    if (!vmr.ok) throw vmr.error;
    const vm = vmr.value;
    const t0 = performance.now();
    const r = vm.invoke("h", 0, 0);
    const ms = performance.now() - t0;
    console.log(
      `  ${label.padEnd(20)} -> ${r.ok ? "ok" : `${r.error.kind}: ${r.error.message}`} in ${ms.toFixed(1)} ms; VM ${vm.state}`,
    );
    vm.dispose();
  }
}

await creation();
await crossings();
await failures();
