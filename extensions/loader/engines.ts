/**
 * The engine of each placement (mode-names.ts, `PLACEMENTS[…].engine`), behind one factory: an
 * extension's VM is a QuickJS SandboxVM (`typed`, `sfi`), a NativeVM in a SES Compartment of
 * this realm (`native`: the realm is locked down on the first one, docs/PLACEMENTS.md) or a
 * ServerVM in a worker thread of its own (`server`). A mode that is not a placement (a library
 * user's own ExecutionMode) runs in QuickJS.
 */
import { fail, type Result, type SandboxFault } from "../../sandbox/errors.js";
import { resolveLimits } from "../../sandbox/limits.js";
import { NativeVM } from "../../sandbox/native/native-vm.js";
import { ServerVM } from "../../sandbox/server/server-vm.js";
import { createSandboxVM, type ExtensionVM, type SandboxOptions } from "../../sandbox/vm.js";
import { FUEL_PER_POLL } from "../sfi/options.js";
import { compiledWorkerScript } from "../worker-script.js";
import { ExtensionInputError } from "./errors.js";
import { engineOf } from "./mode-names.js";

/** Fuel units per invocation of a V8 placement: as many as SFI's fuel for the same budget of polls. */
export function v8Fuel(budgetPolls: number): number {
  return budgetPolls * FUEL_PER_POLL;
}

function serverScript(): string {
  const script = compiledWorkerScript(
    new URL("../../sandbox/server/server-vm.js", import.meta.url).href,
    "sandbox/server",
    "server-worker.js",
  );
  if (script === undefined) throw new Error("internal: sandbox/server/server-worker.js is not built (npm run build)");
  return script;
}

/** Boot an extension's VM in the engine of placement `mode`; the module's faults are returned. */
export async function createExtensionVM(
  mode: string,
  options: SandboxOptions,
): Promise<Result<ExtensionVM, SandboxFault>> {
  // A mode of the library user's own (ExecutionMode is open) runs in QuickJS (engineOf).
  const engine = engineOf(mode);
  if (engine === "quickjs") return createSandboxVM(options);
  const limits = resolveLimits(options.limits);
  const common = {
    source: options.source,
    filename: options.filename ?? "extension.js",
    limits,
    fuel: v8Fuel(limits.budget),
    seed: options.seed ?? 0x5eed,
    clock: options.clock ?? (() => 0),
    ...(options.callClock ? { callClock: options.callClock } : {}),
  };
  if (engine === "compartment")
    return NativeVM.create({ ...common, ...(options.hostFunctions ? { hostFunctions: options.hostFunctions } : {}) });
  if (options.hostFunctions !== undefined && Object.keys(options.hostFunctions).length > 0)
    throw new ExtensionInputError(
      "host functions (--host-module) are not available to a server extension: they are functions of the kernel's thread, and a server only exchanges data with it",
    );
  const r = await ServerVM.create({ ...common, script: serverScript() });
  return r.ok ? r : fail(r.error);
}
