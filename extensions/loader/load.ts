/**
 * Loading extensions into a kernel in this thread, one at a time: prepare (prepare.ts: read, the
 * time-limited type check, the execution mode's checks and compilation) then attach (attach.ts:
 * a sandbox VM, the bindings, the watchdog). All or nothing: when one fails, the ones attached
 * are taken out again. `spin load` and `spin exercise` run the simulation in a supervised
 * worker instead (supervised-run.ts), from the same prepared extensions.
 */
import type { Kernel } from "../../kernel/machine/kernel.js";
import { AttachedExtensions, type LoadedExtensions } from "./attach.js";
import { resolveLoadOptions, type LoadOptions } from "./load-options.js";
import { typedMode } from "./modes.js";
import { prepareExtension, type ExtensionRequest } from "./prepare.js";

export {
  DEFAULT_MAX_VIOLATIONS,
  MAX_VIOLATIONS_BOUND,
  EXTENSION_NAME_RULE,
  isExtensionName,
  type LoadedExtension,
  type LoadedExtensions,
} from "./attach.js";
export type { ExtensionRequest } from "./prepare.js";
export { resolveLoadOptions, type LoadOptions, type ResolvedLoadOptions } from "./load-options.js";

/** Load every requested extension into `kernel` (before `kernel.run`). All or nothing. */
export async function loadExtensions(
  kernel: Kernel,
  requests: readonly ExtensionRequest[],
  options: LoadOptions = {},
): Promise<LoadedExtensions> {
  const mode = options.mode ?? typedMode;
  const resolved = resolveLoadOptions(options);
  const set = new AttachedExtensions(kernel, {
    limits: resolved.limits,
    maxViolations: resolved.maxViolations,
    timing: resolved.timing,
    eventTimeoutMs: resolved.eventTimeoutMs,
    ...(options.hostFunctions ? { hostFunctions: options.hostFunctions } : {}),
    ...(options.callClock ? { callClock: options.callClock } : {}),
  });
  try {
    for (const request of requests) {
      await set.attach(await prepareExtension(kernel.config, request, mode, options.typeCheckLimitMs));
    }
  } catch (error) {
    set.unloadAll("load of another extension failed");
    throw error;
  }
  return set.watch();
}
