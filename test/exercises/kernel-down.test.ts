/**
 * How the containment matrix names a kernel's death (extensions/exercise/run.ts, kernelDown):
 * the heap death `native` trusts its extensions with is allowed there; a thread held inside a
 * builtin past terminate() (sandbox/held-threads.ts) is an escape in every placement (red team 4:
 * the matrix printed "kernel down: heap" and "every check held" for a hold, then the process was
 * killed).
 */
import { describe, expect, it } from "vitest";
import { kernelDown } from "../../extensions/exercise/run.js";
import { SimulationAborted, SimulationDied, SimulationHeld } from "../../extensions/loader/index.js";

describe("a kernel death in the matrix", () => {
  it("is the allowed heap death only for native extensions in the native placement", () => {
    const died = new SimulationDied("kernel down: heap exhausted", ["x.ts"]);
    expect(kernelDown(died, "native").stop).toBe("kernel down: heap");
    expect(kernelDown(died, "server").stop).toBe("ESCAPED");
    expect(kernelDown(new SimulationDied("stopped before reporting"), "native").stop).toBe("ESCAPED");
  });

  it("is an escape when a thread was held, even with native extensions loaded", () => {
    const held = new SimulationHeld("kernel down: x.ts (native) held the kernel", ["x.ts"]);
    for (const mode of ["native", "server"] as const) {
      const o = kernelDown(held, mode);
      expect(o.stop).toBe("ESCAPED");
      expect(o.code).toBe("held thread");
    }
  });

  it("is the allowed heap death when V8 aborted native's process out of memory, an escape otherwise", () => {
    const oom = new SimulationAborted("kernel down: the host process ran out of memory", ["x.ts"], true);
    expect(kernelDown(oom, "native").stop).toBe("kernel down: heap");
    expect(kernelDown(oom, "server")).toMatchObject({ stop: "ESCAPED", code: "host abort" });
    const crash = new SimulationAborted("kernel down: the host process ended (SIGSEGV)", ["x.ts"], false);
    for (const mode of ["native", "server"] as const) {
      const o = kernelDown(crash, mode);
      expect(o.stop).toBe("ESCAPED");
      expect(o.code).toBe("host abort");
    }
  });
});
