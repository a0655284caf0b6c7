/**
 * The guest's promise jobs in the V8 placements, refused outside its calls.
 *
 * A guest call is synchronous, and V8 runs promise jobs only when the thread's stack empties: in
 * `native`, when the kernel's synchronous run has returned (after the run's report is made); in
 * a server, after its loop of blocking waits has ended (the kernel told it to stop). So every job
 * an extension queues (a reaction, a thenable's `then`, an async function resumed after an
 * await) runs outside any call of it: no deadline, no CallClock call the watchdog could kill,
 * and the builtin charger unset (builtin-fuel.ts). The frame's fuel is 0 there (NativeVM empties
 * it after every call), so a guest function's first check throws; but a builtin the job calls
 * directly (`.then(Array.from)`, `{ then: Array.prototype.join }`), or that an async function's
 * straight-line code calls after its await before any check, ran uncharged: measured, three
 * `Promise.resolve(a).then(Array.from)` of a 2^22-element array held the kernel's worker ~8 s
 * after the report, until the supervisor's HELD_AFTER_MS stopped it (promise-job-builtin-after-run).
 *
 * V8 offers JavaScript no way to run the jobs inside the call (QuickJS's placements drain them in
 * the call's drain), and the realm's Promise cannot be tamed for all of them (await and a
 * resolve with a thenable queue jobs with no property of Promise looked up). Its promise hooks
 * see every one: each promise made while a guest call (or a guest job) runs is the guest's, and
 * a job whose promise is the guest's runs with the VM's job charger, which refuses every charge
 * (throws). So outside its calls an extension can run only what costs no charge: a wrapped
 * builtin throws before it walks anything, a guest function at its first fuel check, kernel.log
 * at once (native-vm.ts: it refuses a call while no guest call runs). Hooks cost
 * only where promises are made: the kernel's synchronous run makes none.
 */
import { promiseHooks } from "node:v8";
import { activeBuiltinCharger, type BuiltinCharger, swapBuiltinCharger } from "./builtin-fuel.js";

/** A VM's call charger, or its job charger, to the job charger of its jobs. */
const jobChargerOf = new WeakMap<BuiltinCharger, BuiltinCharger>();
/** The guest's promises: each to the job charger of the VM that made it. */
const guestPromises = new WeakMap<object, BuiltinCharger>();

/** Whether a guest job runs now, and the charger to put back when it ends. */
let inGuestJob = false;
let chargerBeforeJob: BuiltinCharger | undefined;

let installed = false;

/** Register a VM's chargers: promises made under `call` (or under `job`, in a job) are refused their jobs by `job`. */
export function registerJobCharger(call: BuiltinCharger, job: BuiltinCharger): void {
  jobChargerOf.set(call, job);
  jobChargerOf.set(job, job);
}

/** Install the hooks in this realm, once (realm.ts hardenRealm, before lockdown freezes what Node's hooks use). */
export function guardGuestJobs(): void {
  if (installed) return;
  installed = true;
  promiseHooks.createHook({
    init(promise) {
      const c = activeBuiltinCharger();
      if (c === undefined) return;
      const job = jobChargerOf.get(c);
      if (job !== undefined) guestPromises.set(promise, job);
    },
    before(promise) {
      const job = guestPromises.get(promise);
      if (job === undefined || inGuestJob) return;
      inGuestJob = true;
      chargerBeforeJob = swapBuiltinCharger(job);
    },
    after() {
      if (!inGuestJob) return;
      inGuestJob = false;
      swapBuiltinCharger(chargerBeforeJob);
      chargerBeforeJob = undefined;
    },
  });
}
