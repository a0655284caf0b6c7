/**
 * The event catalogue: the single source of truth for every event the kernel raises.
 *
 * Each entry gives the event's name, its argument and result schemas, whether it is synchronous
 * (the kernel waits for and uses the combined result) or a notification (results are ignored),
 * which guard keys it can be filtered on, and what its default handler does. The kernel's own
 * types (`EventArgs`, `EventResult`), the run-time check of untrusted results, the generated
 * extension API (`extensions/api/extension.d.ts`) and `docs/EVENTS.md` all come from here.
 *
 * Capability handles (AddressSpace, Frame, Thread, Strand) are integers at run time. An extension
 * only ever sees those of its own application; the authorizer guarantees it (see authorizer.ts).
 */
import { t, type Infer, type Schema } from "../schema.js";

const space = t.cap("AddressSpace", "The address space (application) the event concerns.");
const thread = t.cap("Thread", "The thread that caused the event.");
const vpn = t.int({ min: 0, doc: "Virtual page number (virtual address / 4096)." });
const access = t.literal(["read", "write"] as const, "The kind of memory access.");
const prefetchList = t.array(
  t.int({ min: 0 }),
  64,
  "Virtual page numbers of the same address space to read in ahead (at most 64). Pages that are not allocated, already resident or never written out are skipped. Prefetching is paid for by references: each page read spends one of the application's 64 credits, each memory reference earns one back; none is read while a thread waits for a frame or once the application's threads are done.",
);
const faultAction = t.object(
  { action: t.literal(["terminate", "skip"] as const, "terminate the thread, or skip the access and go on.") },
  [],
);

const residentPage = t.object({
  frame: t.cap("Frame", "The physical frame holding the page."),
  vpn,
  referenced: t.boolean("Set by the MMU on every access since the bit was last cleared."),
  dirty: t.boolean("Set by the MMU on every write since the page was last written back."),
  loadedAt: t.number({ min: 0, doc: "Simulated time (ns) at which the page was mapped." }),
  lastAccess: t.number({
    min: 0,
    doc: "When the page was last accessed or loaded, on the machine's recency clock (a simulator-only MMU register): every access and every page load takes the next number, so a larger lastAccess means more recently used and no two pages ever tie. A count, not nanoseconds.",
  }),
});

const readyThread = t.object({
  thread,
  priority: t.int({
    min: 0,
    max: 31,
    doc: "The thread's priority from the scenario (higher runs first under the priority scheduler).",
  }),
  readySince: t.number({ min: 0, doc: "Simulated time (ns) at which the thread became ready." }),
  ranNs: t.number({ min: 0, doc: "CPU time (ns) the thread has used so far." }),
});

export interface EventDefinition {
  readonly name: string;
  readonly doc: string;
  /** The kernel waits for the combined result and acts on it; otherwise a notification. */
  readonly synchronous: boolean;
  readonly args: Schema;
  readonly result: Schema;
  /** What the default handler (the built-in policy) does; it is always available as the fallback. */
  readonly defaultHandler: string;
  /** Keys a guard can filter on; `space` is the one the authorizer imposes on applications. */
  readonly guardKeys: readonly ("space" | "vpn" | "thread")[];
}

export const catalogue = {
  "Translation.PageNotPresent": {
    name: "Translation.PageNotPresent",
    doc: "An application accessed a page inside one of its allocated ranges that has no mapping. The kernel finds a frame (raising PhysAddr.Reclaim if none is free), reads the page in from swap if it has content there, and maps it. The handler may ask for pages to be read in ahead.",
    synchronous: true,
    args: t.object({
      space,
      thread,
      vpn,
      access,
      onSwap: t.boolean("The page has content on the swap device (a major fault); otherwise it is zero-filled."),
    }),
    result: t.object({ prefetch: prefetchList }, ["prefetch"]),
    defaultHandler: "No prefetch: map the faulting page only.",
    guardKeys: ["space", "vpn", "thread"],
  },
  "Translation.BadAddress": {
    name: "Translation.BadAddress",
    doc: "An application accessed an address outside every range it allocated.",
    synchronous: true,
    args: t.object({ space, thread, vpn, access }),
    result: faultAction,
    defaultHandler: "Terminate the thread and record the fault.",
    guardKeys: ["space", "vpn", "thread"],
  },
  "Translation.ProtectionFault": {
    name: "Translation.ProtectionFault",
    doc: "An application wrote to a page of a read-only range.",
    synchronous: true,
    args: t.object({ space, thread, vpn, access }),
    result: faultAction,
    defaultHandler: "Terminate the thread and record the fault.",
    guardKeys: ["space", "vpn", "thread"],
  },
  "PhysAddr.Reclaim": {
    name: "PhysAddr.Reclaim",
    doc: "No frame is free. The kernel's global policy has picked this application to give up one page and asks its handler which one. The kernel checks the proposal (a frame this application holds, not busy with I/O) and uses its own choice if it is invalid. The handler may also clear referenced bits of its own frames (as a Clock hand does).",
    synchronous: true,
    args: t.object({
      space,
      vpn: t.int({ min: 0, doc: "The page that needs a frame (it may belong to another application)." }),
      resident: t.array(
        residentPage,
        1 << 20,
        "Every page of this application that holds a frame and is not busy with I/O, in frame order.",
      ),
    }),
    result: t.object(
      {
        victim: t.cap("Frame", "The frame to take back; it must be one of `resident`."),
        clearReferenced: t.array(t.cap("Frame"), 1 << 20, "Frames of this application whose referenced bit to clear."),
      },
      ["clearReferenced"],
    ),
    defaultHandler:
      "The application's configured built-in pager (Clock unless the scenario says otherwise) picks the victim.",
    guardKeys: ["space"],
  },
  "Disk.IOComplete": {
    name: "Disk.IOComplete",
    doc: "A disk request of this application completed: a page read in, a dirty page written back, or the application's own I/O. The handler may ask for pages to be read in ahead.",
    synchronous: true,
    args: t.object({
      space,
      kind: t.literal(["page-in", "write-back", "prefetch", "io"] as const, "What the request was."),
      vpn: t.int({ min: -1, doc: "The page concerned, or -1 for the application's own I/O." }),
    }),
    result: t.object({ prefetch: prefetchList }, ["prefetch"]),
    defaultHandler: "No prefetch.",
    guardKeys: ["space", "vpn"],
  },
  "Strand.Block": {
    name: "Strand.Block",
    doc: "A thread of this application blocked (waiting for a page-in or its own I/O). Notification: results are ignored.",
    synchronous: false,
    args: t.object({
      space,
      strand: t.cap("Strand"),
      thread,
      reason: t.literal(["page-fault", "io"] as const),
    }),
    result: t.void(),
    defaultHandler: "Nothing.",
    guardKeys: ["space", "thread"],
  },
  "Strand.Unblock": {
    name: "Strand.Unblock",
    doc: "A blocked thread of this application is ready again. Notification: results are ignored.",
    synchronous: false,
    args: t.object({ space, strand: t.cap("Strand"), thread }),
    result: t.void(),
    defaultHandler: "Nothing.",
    guardKeys: ["space", "thread"],
  },
  "Strand.Checkpoint": {
    name: "Strand.Checkpoint",
    doc: "The application's strand was preempted at the end of its quantum. Notification: results are ignored.",
    synchronous: false,
    args: t.object({
      space,
      strand: t.cap("Strand"),
      thread,
      ranNs: t.number({ min: 0, doc: "How long the strand ran in this quantum (ns)." }),
    }),
    result: t.void(),
    defaultHandler: "Nothing.",
    guardKeys: ["space", "thread"],
  },
  "Strand.Resume": {
    name: "Strand.Resume",
    doc: "The global scheduler gave this application's strand the CPU; the application's thread scheduler picks which of its ready threads runs.",
    synchronous: true,
    args: t.object({
      space,
      strand: t.cap("Strand"),
      ready: t.array(readyThread, 1 << 16, "The application's ready threads, in the order they became ready."),
      current: t.int({ min: -1, doc: "The thread that ran last in this strand, or -1." }),
    }),
    result: t.object({ thread: t.cap("Thread", "The thread to run; it must be one of `ready`.") }),
    defaultHandler:
      "The application's configured built-in thread scheduler (round robin unless the scenario says otherwise).",
    guardKeys: ["space"],
  },
} as const satisfies Record<string, EventDefinition>;

export type Catalogue = typeof catalogue;
export type EventName = keyof Catalogue;
export type EventArgs<E extends EventName> = Infer<Catalogue[E]["args"]>;
export type EventResult<E extends EventName> = Infer<Catalogue[E]["result"]>;

export const eventNames = Object.keys(catalogue) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(catalogue, name);
}

export function eventDefinition(name: EventName): EventDefinition {
  return catalogue[name];
}
