/**
 * No QuickJS handle is left behind, however a VM's life ends: on QuickJS's DEBUG_SYNC build, whose
 * LeakSanitizer check (QTS_RecoverableLeakCheck) sees every handle still allocated, and with every
 * runtime the VM was given checked to be freed (the sanitizer does not count a live runtime, and
 * TestQuickJSWASMModule's own runtime count does not go down in quickjs-emscripten 0.32). Faults
 * are injected where guest code cannot provoke them (a context QuickJS cannot make, a protocol
 * function it cannot read, a dispatcher that fails): the paths that used to leak. The debug build
 * is slow: the wall-clock safety net is raised so that only the deterministic budget stops a call.
 */
import { DEBUG_SYNC, newQuickJSWASMModule, type QuickJSRuntime, type QuickJSWASMModule } from "quickjs-emscripten";
import { beforeEach, describe, expect, it } from "vitest";
import { Dispatcher } from "../../kernel/dispatcher/dispatcher.js";
import { bootAndInstall, locator } from "../../extensions/loader/attach.js";
import { ExtensionLoadError } from "../../extensions/loader/errors.js";
import { locateAll } from "../../extensions/loader/locate.js";
import { GuestProtocol } from "../../sandbox/boot.js";
import { SandboxUsageError } from "../../sandbox/errors.js";
import { resolveLimits } from "../../sandbox/limits.js";
import { createSandboxVM, type SandboxOptions } from "../../sandbox/vm.js";

/** A module of its own for each test, so that a leak fails the test that made it and no other. */
let debugBuild: QuickJSWASMModule;
beforeEach(async () => {
  debugBuild = await newQuickJSWASMModule(DEBUG_SYNC);
});

interface Tracked {
  readonly engine: NonNullable<SandboxOptions["engine"]>;
  /** Every runtime made has been freed, and nothing is still allocated in the WASM heap. */
  assertNothingLeft(): void;
}

/** VMs on the debug build, every runtime they are given kept to be checked; `tamper` sees each. */
function tracked(tamper?: (rt: QuickJSRuntime) => void): Tracked {
  const runtimes: QuickJSRuntime[] = [];
  return {
    engine: async () => ({
      newRuntime: (options?: Parameters<QuickJSWASMModule["newRuntime"]>[0]) => {
        const rt = debugBuild.newRuntime(options);
        runtimes.push(rt);
        tamper?.(rt);
        return rt;
      },
    }),
    assertNothingLeft() {
      expect(runtimes.length, "runtimes made").toBeGreaterThan(0);
      expect(runtimes.filter((rt) => rt.alive).length, "runtimes not freed").toBe(0);
      expect(debugBuild.getFFI().QTS_RecoverableLeakCheck(), "LeakSanitizer: handles still allocated").toBe(0);
    },
  };
}

// The debug build's allocator grows the WASM memory in large steps while QuickJS compiles the
// prelude (36 KB of source: 83 -> 120 MiB), and the memory guard counts that growth against the
// guest from the heap it had when the VM was made: 64 MiB leaves it room (the release build
// grows by ~0.1 MiB for the same source).
const SLOW = { timeoutMs: 60_000, memoryBytes: 64 * 1024 * 1024 };

const PAGER = `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({
  name: "leaky",
  handlers: {
    "PhysAddr.Reclaim": (args) => ({ victim: args.resident[0].frame }),
    "Translation.PageNotPresent": async () => { await null; return {}; },
    "Disk.IOComplete": () => { throw new Error("no"); },
    "Strand.Block": () => { for (;;) {} },
  },
});
`;

describe("a VM leaves no QuickJS handle behind", () => {
  it("after it booted, ran handlers (a result, a promise, a throw, a runaway loop) and was disposed", async () => {
    const { engine, assertNothingLeft } = tracked();
    const created = await createSandboxVM({ source: PAGER, engine, limits: { ...SLOW, budget: 5 } });
    if (!created.ok) throw new Error(created.error.message);
    const vm = created.value;
    const results = vm.invokeMany([
      { event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: 1, resident: [{ frame: 3 }] } },
      { event: "Translation.PageNotPresent", index: 0, args: {} },
      { event: "Disk.IOComplete", index: 0, args: {} },
    ]);
    expect(results.ok && results.value.results.map((r) => r.ok)).toEqual([true, true, false]);
    const runaway = vm.invoke("Strand.Block", 0, {});
    expect(runaway.ok ? "ran" : runaway.error.kind).toBe("budget");
    expect(vm.memoryUsage()).toBeGreaterThan(0);
    vm.dispose();
    assertNothingLeft();
  });

  it("when the module throws while it is evaluated (the fault is returned)", async () => {
    const { engine, assertNothingLeft } = tracked();
    const created = await createSandboxVM({ source: `throw new Error("at load");`, engine, limits: SLOW });
    expect(created.ok ? "booted" : created.error.message).toMatch(/at load/);
    assertNothingLeft();
  });

  it("when its boot throws (a host function that is not a function)", async () => {
    const { engine, assertNothingLeft } = tracked();
    const boot = createSandboxVM({ source: PAGER, engine, limits: SLOW, hostFunctions: { ping: 5 as never } });
    await expect(boot).rejects.toThrow(SandboxUsageError);
    assertNothingLeft();
  });

  it("when QuickJS cannot make its context (the runtime is freed)", async () => {
    const { engine, assertNothingLeft } = tracked((rt) => {
      rt.newContext = () => {
        throw new Error("injected: no context");
      };
    });
    await expect(createSandboxVM({ source: PAGER, engine, limits: SLOW })).rejects.toThrow(/injected: no context/);
    assertNothingLeft();
  });

  it("when a protocol function cannot be read (the ones already taken are freed)", () => {
    const rt = debugBuild.newRuntime();
    const ctx = rt.newContext();
    const proto = ctx.unwrapResult(
      ctx.evalCode(`({ dispatch() {}, collect() {}, describe() {}, describeThrown() {} })`),
    );
    const getProp = ctx.getProp.bind(ctx);
    ctx.getProp = (handle, key) => {
      if (key === "describe") throw new Error("injected: cannot read describe");
      return getProp(handle, key);
    };
    expect(() => GuestProtocol.take(ctx, proto)).toThrow(/injected/);
    ctx.getProp = getProp;
    const protocol = GuestProtocol.take(ctx, proto);
    protocol[Symbol.dispose]();
    proto.dispose();
    ctx.dispose();
    rt.dispose();
    expect(debugBuild.getFFI().QTS_RecoverableLeakCheck(), "LeakSanitizer: handles still allocated").toBe(0);
  });

  it("when installing its handlers throws (the VM is disposed, no binding is left)", async () => {
    const { engine, assertNothingLeft } = tracked();
    const dispatcher = new Dispatcher();
    let installs = 0;
    const install = dispatcher.install.bind(dispatcher);
    dispatcher.install = (...args: Parameters<Dispatcher["install"]>) => {
      // The first handler is installed, the second fails: not a refusal, a failure.
      if (++installs === 2) throw new Error("injected: the dispatcher failed");
      return install(...args);
    };
    const load = bootAndInstall(
      { file: "leaky.ts", text: PAGER, js: PAGER, mapPosition: () => undefined, locate: locator(locateAll(PAGER)) },
      {
        dispatcher,
        principal: { kind: "application", space: 0, name: "a" },
        limits: resolveLimits(SLOW),
        seed: 1,
        clock: () => 0,
        engine,
      },
    );
    await expect(load).rejects.toThrow(/injected: the dispatcher failed/);
    await expect(load).rejects.not.toBeInstanceOf(ExtensionLoadError);
    expect(installs).toBe(2);
    expect(dispatcher.bindings()).toEqual([]);
    assertNothingLeft();
  });
});
