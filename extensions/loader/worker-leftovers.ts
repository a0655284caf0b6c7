/**
 * What a pooled simulation worker checks after each job before it says it is idle
 * (supervised-worker.ts; why each matters: simulation-pool.ts). In a module of its own so that
 * the test of the pool can show each one seen (test/loader/simulation-pool.test.ts).
 */
import { builtinNestingDepth } from "../../sandbox/native/bounded-builtins.js";
import { chargingBuiltinWork } from "../../sandbox/native/builtin-fuel.js";
import { forgetLinearRegExpAnswers } from "../../sandbox/native/linear-regexp.js";
import { forgetPatternCosts } from "../../sandbox/native/regexp-cost.js";
import { serverThreadsLeft } from "../../sandbox/server/server-vm.js";

/** How long a pooled worker waits for its job's server threads to exit before it is ended instead. */
export const SERVER_EXIT_WAIT_MS = 1_000;

/**
 * What a pooled worker's job left behind, besides its port to the supervisor (simulation-pool.ts
 * lists what must be empty): the job's taints (runJob), a handle (a timer, a socket, a port),
 * a server thread still running, and the hardened realm's per-thread state away from rest. Read
 * once the job's server threads have exited and a turn of the event loop later, so that what the
 * job closed is gone (and the guest's promise reactions, which run when the kernel's run yields,
 * have run).
 */
export async function leftAfterJob(
  taints: readonly string[],
  serverExitWaitMs: number = SERVER_EXIT_WAIT_MS,
): Promise<string[]> {
  // Ended with their VMs (dispose): each exits within milliseconds unless held in a builtin.
  const servers = await serverThreadsLeft(serverExitWaitMs);
  // A turn of the event loop: a port the job closed (a server's) is gone from the list after it.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const handles = process.getActiveResourcesInfo();
  const port = handles.indexOf("MessagePort");
  const left = [...taints, ...handles.filter((_, i) => i !== port)];
  if (servers > 0) left.push(`${servers} server thread(s) still running`);
  if (builtinNestingDepth() !== 0) left.push(`a builtin walk under way (nesting ${builtinNestingDepth()})`);
  if (chargingBuiltinWork()) left.push("a guest call's fuel charger still set");
  return left;
}

/**
 * Before each job of a pooled worker: the memos that guest calls consult and whose misses are
 * charged to the guest (a regex's linear-engine verdict and its match cost, worked out with the
 * hardened realm's wrapped builtins) are emptied, so that a job is charged as in a fresh worker.
 * The other memos of the worker's modules are host work no guest is charged for (a specialised
 * runtime source, the guest's layouts), the same for any history.
 */
export function startJobAsFresh(): void {
  forgetLinearRegExpAnswers();
  forgetPatternCosts();
}
