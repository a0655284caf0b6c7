/**
 * The spin-kernel extension API. GENERATED from kernel/events/catalogue.ts by `npm run gen`:
 * do not edit by hand.
 *
 * An extension is a TypeScript module whose default export is `defineExtension({...})`, binding
 * handlers to kernel events. Handlers are synchronous functions: they receive the event's
 * arguments and return the event's result (or nothing, for notifications). The kernel checks
 * every result it receives; an invalid one is refused and the kernel's default policy decides.
 *
 * Capability handles (AddressSpace, Frame, Thread, Strand) are opaque: you can only use the ones
 * the kernel gives you, and the verifier rejects type assertions that would forge one.
 */

declare const AddressSpaceBrand: unique symbol;
/** An application's address space. Your handlers only ever see your own. */
export type AddressSpace = number & { readonly [AddressSpaceBrand]: true };

declare const FrameBrand: unique symbol;
/** A physical frame. Only frames your application holds appear in your events. */
export type Frame = number & { readonly [FrameBrand]: true };

declare const ThreadBrand: unique symbol;
/** One of your application's threads. */
export type Thread = number & { readonly [ThreadBrand]: true };

declare const StrandBrand: unique symbol;
/** Your application's strand: what the global scheduler gives the CPU to. */
export type Strand = number & { readonly [StrandBrand]: true };

/** Every event an extension can handle: its arguments and the result its handler returns. */
export interface Events {
  /**
   * An application accessed a page inside one of its allocated ranges that has no mapping. The kernel finds a frame (raising PhysAddr.Reclaim if none is free), reads the page in from swap if it has content there, and maps it. The handler may ask for pages to be read in ahead.
   *
   * Default handler: No prefetch: map the faulting page only.
   */
  readonly "Translation.PageNotPresent": {
    readonly args: {
      /** The address space (application) the event concerns. */
      readonly space: AddressSpace;
      /** The thread that caused the event. */
      readonly thread: Thread;
      /** Virtual page number (virtual address / 4096). */
      readonly vpn: number;
      /** The kind of memory access. */
      readonly access: "read" | "write";
      /** The page has content on the swap device (a major fault); otherwise it is zero-filled. */
      readonly onSwap: boolean;
    };
    readonly result: {
      /** Virtual page numbers of the same address space to read in ahead (at most 64). Pages that are not allocated, already resident or never written out are skipped. Prefetching is paid for by references: each page read spends one of the application's 64 credits, each memory reference earns one back; none is read while a thread waits for a frame or once the application's threads are done. */
      readonly prefetch?: readonly number[];
    };
  };

  /**
   * An application accessed an address outside every range it allocated.
   *
   * Default handler: Terminate the thread and record the fault.
   */
  readonly "Translation.BadAddress": {
    readonly args: {
      /** The address space (application) the event concerns. */
      readonly space: AddressSpace;
      /** The thread that caused the event. */
      readonly thread: Thread;
      /** Virtual page number (virtual address / 4096). */
      readonly vpn: number;
      /** The kind of memory access. */
      readonly access: "read" | "write";
    };
    readonly result: {
      /** terminate the thread, or skip the access and go on. */
      readonly action: "terminate" | "skip";
    };
  };

  /**
   * An application wrote to a page of a read-only range.
   *
   * Default handler: Terminate the thread and record the fault.
   */
  readonly "Translation.ProtectionFault": {
    readonly args: {
      /** The address space (application) the event concerns. */
      readonly space: AddressSpace;
      /** The thread that caused the event. */
      readonly thread: Thread;
      /** Virtual page number (virtual address / 4096). */
      readonly vpn: number;
      /** The kind of memory access. */
      readonly access: "read" | "write";
    };
    readonly result: {
      /** terminate the thread, or skip the access and go on. */
      readonly action: "terminate" | "skip";
    };
  };

  /**
   * No frame is free. The kernel's global policy has picked this application to give up one page and asks its handler which one. The kernel checks the proposal (a frame this application holds, not busy with I/O) and uses its own choice if it is invalid. The handler may also clear referenced bits of its own frames (as a Clock hand does).
   *
   * Default handler: The application's configured built-in pager (Clock unless the scenario says otherwise) picks the victim.
   */
  readonly "PhysAddr.Reclaim": {
    readonly args: {
      /** The address space (application) the event concerns. */
      readonly space: AddressSpace;
      /** The page that needs a frame (it may belong to another application). */
      readonly vpn: number;
      /** Every page of this application that holds a frame and is not busy with I/O, in frame order. */
      readonly resident: readonly {
        /** The physical frame holding the page. */
        readonly frame: Frame;
        /** Virtual page number (virtual address / 4096). */
        readonly vpn: number;
        /** Set by the MMU on every access since the bit was last cleared. */
        readonly referenced: boolean;
        /** Set by the MMU on every write since the page was last written back. */
        readonly dirty: boolean;
        /** Simulated time (ns) at which the page was mapped. */
        readonly loadedAt: number;
        /** When the page was last accessed or loaded, on the machine's recency clock (a simulator-only MMU register): every access and every page load takes the next number, so a larger lastAccess means more recently used and no two pages ever tie. A count, not nanoseconds. */
        readonly lastAccess: number;
      }[];
    };
    readonly result: {
      /** The frame to take back; it must be one of `resident`. */
      readonly victim: Frame;
      /** Frames of this application whose referenced bit to clear. */
      readonly clearReferenced?: readonly Frame[];
    };
  };

  /**
   * A disk request of this application completed: a page read in, a dirty page written back, or the application's own I/O. The handler may ask for pages to be read in ahead.
   *
   * Default handler: No prefetch.
   */
  readonly "Disk.IOComplete": {
    readonly args: {
      /** The address space (application) the event concerns. */
      readonly space: AddressSpace;
      /** What the request was. */
      readonly kind: "page-in" | "write-back" | "prefetch" | "io";
      /** The page concerned, or -1 for the application's own I/O. */
      readonly vpn: number;
    };
    readonly result: {
      /** Virtual page numbers of the same address space to read in ahead (at most 64). Pages that are not allocated, already resident or never written out are skipped. Prefetching is paid for by references: each page read spends one of the application's 64 credits, each memory reference earns one back; none is read while a thread waits for a frame or once the application's threads are done. */
      readonly prefetch?: readonly number[];
    };
  };

  /**
   * A thread of this application blocked (waiting for a page-in or its own I/O). Notification: results are ignored.
   *
   * Default handler: Nothing.
   * Notification: the result is ignored.
   */
  readonly "Strand.Block": {
    readonly args: {
      /** The address space (application) the event concerns. */
      readonly space: AddressSpace;
      readonly strand: Strand;
      /** The thread that caused the event. */
      readonly thread: Thread;
      readonly reason: "page-fault" | "io";
    };
    readonly result: void;
  };

  /**
   * A blocked thread of this application is ready again. Notification: results are ignored.
   *
   * Default handler: Nothing.
   * Notification: the result is ignored.
   */
  readonly "Strand.Unblock": {
    readonly args: {
      /** The address space (application) the event concerns. */
      readonly space: AddressSpace;
      readonly strand: Strand;
      /** The thread that caused the event. */
      readonly thread: Thread;
    };
    readonly result: void;
  };

  /**
   * The application's strand was preempted at the end of its quantum. Notification: results are ignored.
   *
   * Default handler: Nothing.
   * Notification: the result is ignored.
   */
  readonly "Strand.Checkpoint": {
    readonly args: {
      /** The address space (application) the event concerns. */
      readonly space: AddressSpace;
      readonly strand: Strand;
      /** The thread that caused the event. */
      readonly thread: Thread;
      /** How long the strand ran in this quantum (ns). */
      readonly ranNs: number;
    };
    readonly result: void;
  };

  /**
   * The global scheduler gave this application's strand the CPU; the application's thread scheduler picks which of its ready threads runs.
   *
   * Default handler: The application's configured built-in thread scheduler (round robin unless the scenario says otherwise).
   */
  readonly "Strand.Resume": {
    readonly args: {
      /** The address space (application) the event concerns. */
      readonly space: AddressSpace;
      readonly strand: Strand;
      /** The application's ready threads, in the order they became ready. */
      readonly ready: readonly {
        /** The thread that caused the event. */
        readonly thread: Thread;
        /** The thread's priority from the scenario (higher runs first under the priority scheduler). */
        readonly priority: number;
        /** Simulated time (ns) at which the thread became ready. */
        readonly readySince: number;
        /** CPU time (ns) the thread has used so far. */
        readonly ranNs: number;
      }[];
      /** The thread that ran last in this strand, or -1. */
      readonly current: number;
    };
    readonly result: {
      /** The thread to run; it must be one of `ready`. */
      readonly thread: Thread;
    };
  };
}

export type EventName = keyof Events;
export type EventArgs<E extends EventName> = Events[E]["args"];
export type EventResult<E extends EventName> = Events[E]["result"];

/** A handler: synchronous; it must return within its instruction budget. */
export type Handler<E extends EventName> = (args: EventArgs<E>) => EventResult<E>;

/** SPIN's installation options. */
export interface HandlerOptions {
  /** Run before handlers installed without `first`. */
  readonly first?: boolean;
  /** Run after handlers installed without `last`. */
  readonly last?: boolean;
  /**
   * Suppress the kernel's default handler while this one succeeds (it still decides if yours
   * fails). Defaults to true for extensions: your decision replaces the built-in policy's.
   */
  readonly cancel?: boolean;
}

/**
 * Which events of your application this handler sees. The kernel always adds your own address
 * space: you never see another application's events.
 */
export interface Guard {
  /** Inclusive range of virtual page numbers (page-fault and I/O events). */
  readonly vpn?: { readonly lo: number; readonly hi: number };
  /**
   * Only events of this thread (fault and strand notification events): its name in the scenario
   * (`thread: "t0"`, the `name` of one of your application's threads, `t<j>` by default), or a
   * Thread handle. A name no thread of your application has is a load error.
   */
  readonly thread?: Thread | string;
}

export type HandlerSpec<E extends EventName> =
  | Handler<E>
  | { readonly handler: Handler<E>; readonly options?: HandlerOptions; readonly guard?: Guard };

export interface ExtensionDefinition {
  /** Shown in reports; defaults to the file name. 1 to 64 letters, digits, '.', '_', '+' or '-' (else a load error). */
  readonly name?: string;
  /**
   * One handler per event, or several (an array, at most 8 per event: more is a load error);
   * several handlers of one extension matching one event run in one crossing, in array order.
   */
  readonly handlers: { readonly [E in EventName]?: HandlerSpec<E> | readonly HandlerSpec<E>[] };
}

/** Declare an extension: `export default defineExtension({ handlers: { ... } })`. */
export declare function defineExtension(definition: ExtensionDefinition): ExtensionDefinition;

/** Calls into the kernel available to every handler. */
export interface KernelCalls {
  /**
   * Add a line to this extension's log, the one way an extension prints (`console` is not
   * part of the API). The first 200 lines of a sandbox are kept, each cut at 1,024 characters;
   * further lines are only counted (dropped). Each kept line is recorded with the simulated time,
   * the event whose handler wrote it and its place in this file: `spin load` prints the first
   * ten under the extension's accounting, and `spin load --json` has every kept line
   * (`extensions[i].logs`).
   *
   * Call it: `kernel.log(message)`, or through an alias or as a callback (`const log =
   * kernel.log; log(message)`, `lines.forEach(kernel.log)`). It throws a TypeError when
   * the engine calls it as a method of another value (as an object's `toString`, `valueOf`,
   * `Symbol.toPrimitive`, `toJSON`, a thenable's `then`, an iterator's `next`),
   * where no call of yours is to place the line, and while the kernel encodes your result or
   * describes your fault.
   */
  log(message: string): void;
}

export declare const kernel: KernelCalls;
