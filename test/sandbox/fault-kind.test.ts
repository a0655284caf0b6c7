/**
 * A fault's kind is what the sandbox recorded, never what the thrown value says (fault-kind-forge):
 * an error the extension names "SfiFault", or makes with the message of an engine's stack
 * overflow or out of memory (or writes that message on an error the engine made), is the
 * extension's exception in every placement; the faults the sandbox does raise keep their kinds.
 */
import { describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { modeNamed, type ModeName } from "../../extensions/loader/modes.js";
import { apiDeclarationFile } from "../../extensions/loader/paths.js";

const DISGUISED = `import { defineExtension } from "spin-kernel/extension";

class SfiFault extends Error {
  override name = "SfiFault";
}

function engineMade(make: () => unknown, message: string): unknown {
  try {
    return make();
  } catch (e) {
    if (e instanceof Error) e.message = message;
    return e;
  }
}

function renamed(): Error {
  const e = new Error("sfi: capability check failed: victim 99 is not a frame of this event's resident set");
  e.name = "SfiFault";
  return e;
}

function disguise(n: number): unknown {
  if (n === 0) return renamed();
  if (n === 1) return new SfiFault("sfi: fuel exhausted");
  if (n === 2) return new RangeError("stack overflow");
  if (n === 3) return new RangeError("out of memory");
  if (n === 4) return new RangeError("Maximum call stack size exceeded");
  if (n === 5) return engineMade(() => JSON.parse("{"), "stack overflow");
  if (n === 6) return engineMade(() => JSON.parse("{"), "out of memory");
  if (n === 7) return engineMade(() => new Array(-1), "Maximum call stack size exceeded");
  if (n === 8) return { name: "SfiFault", message: "sfi: fuel exhausted" };
  const fake: unknown = Object.create(new Error("sfi: fuel exhausted"));
  if (fake instanceof Error) fake.name = "SfiFault";
  return fake;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      throw disguise(args.vpn);
    },
    "Strand.Block": async () => {
      await null;
      throw renamed();
    },
  },
});
`;

/** Each call's fault kind (one VM, the calls in order). */
async function kinds(
  mode: ModeName,
  source: string,
  calls: readonly { event: string; args: unknown }[],
): Promise<string[]> {
  const prepared = modeNamed(mode).prepare("kinds.ts", source, { apiDeclarationFile: apiDeclarationFile() });
  const created = await createExtensionVM(mode, { source: prepared.js, filename: "kinds.js", seed: 1 });
  if (!created.ok) throw created.error;
  const vm = created.value;
  try {
    const out: string[] = [];
    for (const call of calls) {
      const r = vm.invokeMany([{ event: call.event, index: 0, args: call.args }]);
      // A fault of the whole call (an out of memory retires the VM: the calls after it are dead).
      if (!r.ok) {
        out.push(r.error.kind);
        continue;
      }
      const result = r.value.results[0];
      if (result === undefined || result.ok) throw new Error(`${mode}: expected a fault, got ${JSON.stringify(r)}`);
      out.push(result.error.kind);
    }
    return out;
  } finally {
    vm.dispose();
  }
}

describe("a thrown value dressed as a fault the sandbox raises (fault-kind-forge)", () => {
  it("is the extension's exception in every placement, whatever its name, class or message", async () => {
    const reclaims = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((vpn) => ({
      event: "PhysAddr.Reclaim",
      args: { space: 0, vpn, resident: [] },
    }));
    const calls = [...reclaims, { event: "Strand.Block", args: { thread: 1 } }];
    const thrown = reclaims.map(() => "exception");
    // QuickJS runs the async handler's continuation within the call; V8 placements run no job
    // within a call (an unresolved promise).
    for (const mode of ["typed", "sfi"] as const)
      expect(await kinds(mode, DISGUISED, calls), mode).toEqual([...thrown, "exception"]);
    for (const mode of ["native", "server"] as const)
      expect(await kinds(mode, DISGUISED, calls), mode).toEqual([...thrown, "unresolved-promise"]);
  });
});

const TRAPPED = `import { defineExtension, kernel } from "spin-kernel/extension";

function down(n: number): number {
  return n === 0 ? 0 : down(n - 1) + 1;
}

const notText: unknown = 5;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (args.vpn === 0) kernel.log(notText as string);
      if (args.vpn === 1) throw new Error(String(down(1e7)));
      try {
        kernel.log(notText as string);
      } finally {
        // a trap is raised again whatever a finally does
      }
      return { victim: 0 };
    },
    "Strand.Block": async () => {
      await null;
      kernel.log(notText as string);
    },
  },
});
`;

describe("the faults the sandbox raises", () => {
  it("keep their kinds: an SFI check's trap (returned, in a finally, in a rejection) and a stack overflow", async () => {
    const calls = [0, 1, 2].map((vpn) => ({ event: "PhysAddr.Reclaim", args: { space: 0, vpn, resident: [] } }));
    expect(await kinds("sfi", TRAPPED, [...calls, { event: "Strand.Block", args: { thread: 1 } }])).toEqual([
      "sfi",
      "stack",
      "sfi",
      "sfi",
    ]);
  });
});
