/**
 * Browser counterpart of extensions/loader/engines.ts. A page runs the QuickJS placements only
 * (typed, sfi: mode-names.ts, BROWSER_MODES): it has no worker_threads for a server, and locking
 * down the page's realm for a native extension would freeze the page's own code. The page offers
 * no other placement, and an extension asking for one is refused, not run elsewhere.
 */
import { PLACEMENTS, isPlacementName } from "../../extensions/loader/mode-names.js";
import type { Result, SandboxFault } from "../../sandbox/errors.js";
import { createSandboxVM, type ExtensionVM, type SandboxOptions } from "../../sandbox/vm.js";
import { FUEL_PER_POLL } from "../../extensions/sfi/options.js";

export function v8Fuel(budgetPolls: number): number {
  return budgetPolls * FUEL_PER_POLL;
}

export async function createExtensionVM(
  mode: string,
  options: SandboxOptions,
): Promise<Result<ExtensionVM, SandboxFault>> {
  if (isPlacementName(mode) && !PLACEMENTS[mode].browser)
    throw new Error(`the playground runs the QuickJS placements only (typed, sfi), not ${JSON.stringify(mode)}`);
  return createSandboxVM(options);
}
