/**
 * The V8 placements' engines (sandbox/native/, sandbox/server/) below the verifier: code the type
 * check and the verifier would refuse is run as is, to check the hardened environment itself
 * (defence in depth: native trusts the verifier as SPIN trusted Modula-3, and the Compartment is
 * what is left when the verifier has a hole). The server runs the native placement's NativeVM in
 * a worker's locked-down realm, as the simulation worker runs it for `native`; so these tests
 * run there and never lock down the test's own realm. One server per test file, shared.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExtensionVM, v8Fuel } from "../../extensions/loader/engines.js";
import { rewriteWithFuel } from "../../extensions/sfi/fuel-only.js";
import type { ExtensionVM } from "../../sandbox/vm.js";
import { SimulationDied, executionModes, runSupervisedWithExtensions } from "../../extensions/loader/index.js";
import { loadWorkload } from "../../workloads/index.js";

/** Each attempt's outcome: what it returned, or "threw". */
const ATTACKER = `
const { defineExtension } = require("spin-kernel/extension");
function attempt(out, name, f) {
  try { const r = f(); out[name] = r === undefined ? "undefined" : String(r).slice(0, 60); }
  catch (e) { out[name] = "threw"; }
}
exports.default = defineExtension({ handlers: {
  "Translation.PageNotPresent": (args, kernel) => {
    const out = {};
    attempt(out, "kernel function's constructor", () => kernel.log.constructor("return typeof process")());
    attempt(out, "argument's constructor chain", () => args.constructor.constructor("return typeof process")());
    attempt(out, "pollute Object.prototype", () => { Object.prototype.polluted = 1; return ({}).polluted; });
    attempt(out, "replace JSON.stringify", () => { JSON.stringify = () => "{}"; return "replaced"; });
    attempt(out, "replace Array.prototype.map", () => { [].map.call.constructor("return 1"); return "reached"; });
    attempt(out, "write the event's arguments", () => { args.vpn = 12345; return args.vpn; });
    attempt(out, "process", () => typeof process);
    attempt(out, "globalThis.require", () => typeof globalThis.require);
    attempt(out, "eval", () => globalThis["ev" + "al"]("1 + 1"));
    attempt(out, "Function", () => Function("return 1")());
    attempt(out, "SharedArrayBuffer", () => typeof SharedArrayBuffer);
    attempt(out, "Atomics", () => typeof Atomics);
    attempt(out, "Float64Array", () => typeof Float64Array);
    attempt(out, "TextEncoder", () => typeof TextEncoder);
    attempt(out, "setTimeout", () => typeof setTimeout);
    attempt(out, "Error.prepareStackTrace", () => { Error.prepareStackTrace = (e, frames) => frames; return typeof new Error("x").stack; });
    kernel.log(JSON.stringify(out));
    return {};
  },
  "PhysAddr.Reclaim": (args) => {
    // A result that lies: not a resident frame. It must come back as data, for the validators.
    return { victim: 77777, extra: { toJSON: 1 } };
  },
} });
`;

const BLOCKED: Record<string, string> = {
  "kernel function's constructor": "threw",
  "argument's constructor chain": "threw",
  "pollute Object.prototype": "threw",
  "replace JSON.stringify": "threw",
  "replace Array.prototype.map": "threw",
  "write the event's arguments": "threw",
  process: "undefined",
  "globalThis.require": "undefined",
  eval: "threw",
  Function: "threw",
  SharedArrayBuffer: "undefined",
  Atomics: "undefined",
  Float64Array: "undefined",
  TextEncoder: "undefined",
  setTimeout: "undefined",
};

/** With the fuel pass's checks, as the native and server placements run it. */
const SPINNER = rewriteWithFuel(
  "spinner.ts",
  `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ handlers: {
  "Translation.PageNotPresent": () => { while (true) {} },
  "PhysAddr.Reclaim": () => { const a: number[][] = []; for (;;) a.push(new Array<number>(4096).fill(1)); },
} });`,
).js;

let vm: ExtensionVM;

beforeAll(async () => {
  const created = await createExtensionVM("server", { source: ATTACKER, filename: "attacker.js", seed: 1 });
  if (!created.ok) throw created.error;
  vm = created.value;
});
afterAll(() => vm?.dispose());

describe("the server placement (a NativeVM in a worker's hardened realm)", () => {
  it("reaches nothing of the host from its Compartment, changes no shared intrinsic and no argument", () => {
    const r = vm.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn: 3 } }]);
    expect(r.ok && r.value.results[0]?.ok).toBe(true);
    const seen = JSON.parse(vm.logs.at(-1)!.text) as Record<string, string>;
    for (const [attack, stopped] of Object.entries(BLOCKED)) expect(seen[attack], attack).toBe(stopped);
    // V8's structured stack frames would name host functions: SES keeps the stack a string.
    expect(seen["Error.prepareStackTrace"]).toBe("string");
  });

  it("sends results back as data, for the dispatcher's schema check and the kernel's validators", () => {
    const r = vm.invokeMany([{ event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: 3, resident: [] } }]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.results[0]).toEqual({ ok: true, value: { victim: 77777, extra: { toJSON: 1 } } });
  });

  it("counts fuel exactly: the same call costs the same units every time", () => {
    const js = rewriteWithFuel(
      "f.ts",
      "export const f = (n: number): number => { let s = 0; for (let i = 0; i < n; i++) s += i; return s; };",
    );
    // `s += i` goes through the strings pass's check too (a string + is bounded and charged).
    expect(js.stats).toEqual({ "fuel.loop": 1, "fuel.entry": 1, "depth.entry": 1, "strings.concat": 1 });
    const a = vm.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn: 3 } }]);
    const b = vm.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn: 3 } }]);
    expect(a.ok && b.ok && a.value.instructions === b.value.instructions).toBe(true);
  });

  it("stops a runaway by fuel, and notices at once a server that died of its heap limit", async () => {
    // A deadline of a minute: the heap bomb's call ends when its server dies (in well under a
    // second), not at its deadline; before, it ended only there, past the test's time.
    const created = await createExtensionVM("server", {
      source: SPINNER,
      filename: "spinner.js",
      limits: { timeoutMs: 60_000, memoryBytes: 1 << 20 },
    });
    if (!created.ok) throw created.error;
    const spinner = created.value;
    try {
      const looped = spinner.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: {} }]);
      expect(looped.ok ? "ran" : looped.error.kind).toBe("budget");
      expect(looped.ok ? 0 : looped.error.limit).toBe(`${v8Fuel(100)} fuel units`);
      // Past its heap limit (1 MiB + the server's runtime), the worker dies; the kernel's thread
      // sees between two wait slices that its thread is gone: a memory fault, and the server is dead.
      const hog = spinner.invokeMany([{ event: "PhysAddr.Reclaim", index: 0, args: {} }]);
      expect(hog.ok ? "ran" : hog.error.kind).toBe("memory");
      expect(hog.ok ? "" : hog.error.message).toBe(
        "server spinner died: heap exhausted (its limit: 1 MiB + 16 MiB of runtime, resourceLimits)",
      );
      expect(spinner.state).toBe("dead");
      expect(spinner.cause).toBe(hog.ok ? "" : hog.error.message);
    } finally {
      spinner.dispose();
    }
  });
});

describe("the native placement under spin load's supervision", () => {
  it("runs in the simulation worker, and a heap bomb there takes the kernel down, reported as such", async () => {
    const config = loadWorkload("examples/exercises/scenarios/duo.json");
    const run = runSupervisedWithExtensions(
      config,
      [{ file: "examples/exercises/server-heap-past-limits.ts" }],
      // A small kernel heap, and a deadline far beyond the time it takes to fill it.
      { mode: executionModes.native, heapMb: 64, limits: { timeoutMs: 30_000 } },
    );
    const died = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(died).toBeInstanceOf(SimulationDied);
    expect((died as Error).message).toBe(
      "kernel down: heap exhausted (64 MiB) while running examples/exercises/server-heap-past-limits.ts (native placement trusts extensions with the kernel's memory, as SPIN did); no report",
    );
  });
});
