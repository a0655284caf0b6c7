/**
 * What the kernel installs in its dispatcher before anything else: the default handlers (the
 * built-in policies, always there as the fallback), the authorizers that confine an application
 * to its own address space and threads, and the validators that check every decision against the
 * kernel's own tables. Kept apart from the machine so that the policy wiring reads in one place.
 */
import type { EventArgs, EventName } from "../events/catalogue.js";
import { confineToOwnSpace, type Authorizer } from "../dispatcher/authorizer.js";
import type { Dispatcher } from "../dispatcher/dispatcher.js";
import { nativeHandler } from "../dispatcher/handler.js";
import type { PagerPolicy, PagerView, SchedulerPolicy, SchedulerView } from "../policy.js";
import type { AppView, MachineView } from "./machine-view.js";

/** An application as the default handlers see it: its own pager and thread scheduler. */
interface PolicyApp extends AppView {
  readonly pager: PagerPolicy;
  readonly scheduler: SchedulerPolicy;
}

/** What the hooks ask of the machine: its read-only view, the built-in policies and their views. */
export interface HookHost extends MachineView {
  readonly dispatcher: Dispatcher;
  readonly apps: readonly PolicyApp[];
  /** The PagerView of application `space`'s pager, focused on it now. */
  pagerViewOf(space: number): PagerView;
  /** The SchedulerView of application `space`'s thread scheduler, focused on it now. */
  schedulerViewOf(space: number): SchedulerView;
}

/** The default result of events whose built-in answer is "nothing to add": shared, never changed. */
const NO_PREFETCH = Object.freeze({});

/** The built-in policy of every event; the application's own pager and scheduler decide. */
export function installDefaultHandlers(machine: HookHost): void {
  const d = machine.dispatcher;
  const defaults = {
    "Translation.PageNotPresent": nativeHandler<"Translation.PageNotPresent">(
      "default:no-prefetch",
      () => NO_PREFETCH,
      {
        readsArgs: false,
      },
    ),
    "Translation.BadAddress": nativeHandler<"Translation.BadAddress">("default:terminate", () => ({
      action: "terminate",
    })),
    "Translation.ProtectionFault": nativeHandler<"Translation.ProtectionFault">("default:terminate", () => ({
      action: "terminate",
    })),
    "PhysAddr.Reclaim": nativeHandler<"PhysAddr.Reclaim">("default:pager", (args) => {
      const app = machine.apps[args.space]!;
      const view = machine.pagerViewOf(args.space);
      const victim = app.pager.chooseVictim(view);
      if (!view.candidate(victim))
        throw new Error(`pager ${app.pager.name} chose frame ${victim}, which is not a candidate of ${app.name}`);
      return { victim };
    }),
    "Disk.IOComplete": nativeHandler<"Disk.IOComplete">("default:no-prefetch", () => NO_PREFETCH, { readsArgs: false }),
    // Notifications whose default is "nothing" have no handler at all, so that raising one
    // that nobody listens to does not even build its arguments.
    "Strand.Block": null,
    "Strand.Unblock": null,
    "Strand.Checkpoint": null,
    "Strand.Resume": nativeHandler<"Strand.Resume">("default:scheduler", (args) => {
      const app = machine.apps[args.space]!;
      const thread = app.scheduler.pick(args.ready, args.current, machine.schedulerViewOf(args.space));
      if (!isReady(args.ready, thread)) {
        throw new Error(
          `scheduler ${app.scheduler.name} picked thread ${thread}, which is not one of the ready threads of ${app.name}`,
        );
      }
      return { thread };
    }),
  } satisfies Record<EventName, unknown>;
  for (const [event, handler] of Object.entries(defaults)) if (handler) d.setDefault(event as EventName, handler);
}

/** Applications are confined to their own space, and a thread guard must name one of their threads. */
export function installAuthorizers(machine: HookHost): void {
  const ownThreads: Authorizer = (principal, event, guard) => {
    const decision = confineToOwnSpace(principal, event, guard);
    if (!decision.ok || principal.kind === "kernel" || guard.thread === undefined) return decision;
    if (machine.threadOwner(guard.thread) !== principal.space) {
      return {
        ok: false,
        reason: `application ${principal.name} may not guard on thread ${guard.thread}, which is not one of its threads`,
      };
    }
    return decision;
  };
  for (const event of [
    "Translation.PageNotPresent",
    "Translation.BadAddress",
    "Translation.ProtectionFault",
    "Strand.Block",
    "Strand.Unblock",
    "Strand.Checkpoint",
  ] as const) {
    machine.dispatcher.setAuthorizer(event, ownThreads);
  }
}

/** Every decision that comes back is checked against the kernel's own tables. */
export function installValidators(machine: HookHost): void {
  const d = machine.dispatcher;
  d.setValidator("PhysAddr.Reclaim", (result, args) => {
    const owner = machine.frameOwner(result.victim);
    if (owner === undefined)
      return `victim frame ${result.victim} does not exist (frames are 0..${machine.frameCount - 1})`;
    if (owner !== args.space)
      return `victim frame ${result.victim} does not belong to ${machine.apps[args.space]!.name} (owner: ${owner < 0 ? "free" : machine.apps[owner]!.name})`;
    if (machine.frameBusy(result.victim)) return `victim frame ${result.victim} is busy with I/O`;
    for (const f of result.clearReferenced ?? []) {
      if (machine.frameOwner(f) !== args.space)
        return `clearReferenced: frame ${f} does not belong to ${machine.apps[args.space]!.name}`;
    }
    return undefined;
  });
  d.setValidator("Strand.Resume", (result, args) =>
    isReady(args.ready, result.thread)
      ? undefined
      : `thread ${result.thread} is not one of the ready threads (${args.ready.map((r) => r.thread).join(", ")})`,
  );
}

/** Whether `thread` is one of the ready threads (a loop: Strand.Resume is raised on every switch). */
function isReady(ready: EventArgs<"Strand.Resume">["ready"], thread: number): boolean {
  for (let i = 0; i < ready.length; i++) if (ready[i]!.thread === thread) return true;
  return false;
}
