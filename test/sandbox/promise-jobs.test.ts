/**
 * A guest's promise jobs in the V8 placements run outside its calls (V8 runs them when the
 * thread's stack empties: in `native` after the kernel's synchronous run, in a server after its
 * loop of waits ends), with no deadline and, before sandbox/native/guest-jobs.ts, no builtin
 * charge: a builtin a job called directly, or an async function's straight-line code after its
 * await, walked a value of any size uncharged after the run's report (promise-job-builtin-after-run:
 * three `.then(Array.from)` of a 2^22-element array held the kernel's worker ~8 s). Each job of the
 * guest's now runs with its VM's job charger, which refuses every charge: the builtin throws
 * before it walks, and the job's promise rejects with the refusal.
 *
 * The VM is a native one in this test's thread (hardened here, as guest-globals-frozen.test.ts
 * does); its source is plain CommonJS, without the fuel pass's checks, so the guest's own
 * functions in a job run here (under the fuel pass they throw at their first check, fuel being 0
 * outside a call), and each case tells a host function, last, what its jobs gave.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

/** Each case queues jobs in its call and logs, from a later job, what they gave or why they failed. */
const CASES: Record<string, string> = {
  // A builtin as a reaction: JSON.stringify of a 1,000-element array (charged by its characters).
  reaction: "Promise.resolve(big()).then(JSON.stringify).then((s) => k.note('made'), (e) => k.note(e.message));",
  // A thenable whose then is a builtin: forEach calls resolve for each element (charged by elements).
  thenable:
    "Promise.resolve({ then: Array.prototype.forEach, length: 8, 0: 'x', 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7 }).then((v) => k.note('made'), (e) => k.note(e.message));",
  // An async function resumed in a job: its straight-line code calls join (charged by elements).
  awaited:
    "(async () => { await 0; return big().join('-'); })().then((s) => k.note('made'), (e) => k.note(e.message));",
  // A job a job queued: still the guest's.
  chained:
    "Promise.resolve(0).then(() => 0).then(() => big()).then(JSON.stringify).then((s) => k.note('made'), (e) => k.note(e.message));",
  // A job that charges nothing runs: a host function as the reaction (its work is the kernel's).
  free: "Promise.resolve('plain').then(k.note);",
  // kernel.log is refused in a job (it would read the guest's stack, its frames' names charged).
  logged: "Promise.resolve('line').then(k.log).then(() => k.note('made'), (e) => k.note(e.message));",
};

let vm: ExtensionVM;
const notes: string[] = [];
beforeAll(async () => {
  const source = `const { defineExtension, kernel: k } = require("spin-kernel/extension");
const big = () => Array.from({ length: 1000 }, (_, i) => i);
const cases = { ${Object.entries(CASES)
    .map(([name, body]) => `${JSON.stringify(name)}: () => { ${body} }`)
    .join(", ")} };
exports.default = defineExtension({ handlers: { "Translation.PageNotPresent": (args) => { cases[args.name](); return { prefetch: [] }; } } });`;
  const created = await createExtensionVM("native", {
    source,
    filename: "jobs.js",
    seed: 1,
    limits: { timeoutMs: 60_000 },
    hostFunctions: { note: (text) => void notes.push(String(text)) },
  });
  if (!created.ok) throw created.error;
  vm = created.value;
});
afterAll(() => vm?.dispose());

/** A macrotask later: every job queued before it has run. */
const jobsRun = () => new Promise<void>((resolve) => setImmediate(resolve));

it.each(Object.keys(CASES).filter((c) => c !== "free"))(
  "a guest's %s job runs outside its call with every builtin charge refused",
  async (name) => {
    notes.length = 0;
    const r = vm.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { name } }]);
    expect(r.ok && r.value.results[0]?.ok).toBe(true);
    // Nothing of the job runs within the call.
    expect(notes).toEqual([]);
    await jobsRun();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /^a promise job of jobs\.js ran outside its calls: builtin work and kernel.log are refused there/,
    );
  },
);

it("a job that charges nothing runs", async () => {
  notes.length = 0;
  vm.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { name: "free" } }]);
  await jobsRun();
  expect(notes).toEqual(["plain"]);
});

it("the kernel's own promises, made outside a guest call, are not refused", async () => {
  const big = Array.from({ length: 10_000 }, (_, i) => i);
  await expect(Promise.resolve(big).then(JSON.stringify)).resolves.toHaveLength(48_891);
});
