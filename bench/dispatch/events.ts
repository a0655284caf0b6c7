/**
 * The seeded event streams of `spin bench dispatch`, one for every event of the catalogue, and
 * the least valid answer to each (what a no-op handler returns, in the guest's TypeScript and as
 * a built-in function). A Record over the catalogue's names: an event added to the catalogue
 * does not compile here until it has a stream and an answer.
 *
 * Arguments are built as the kernel builds them: PhysAddr.Reclaim's are a ReclaimArgs whose
 * resident list is made afresh for every event (a lazy view, as in the machine).
 */
import type { EventKey } from "../../kernel/dispatcher/guard.js";
import type { EventName } from "../../kernel/events/catalogue.js";
import { ReclaimArgs } from "../../kernel/machine/reclaim-args.js";
import { Prng } from "../../kernel/prng.js";

/** Pages the streams touch: [0, EVENT_PAGES). Guards that must not match start far above. */
export const EVENT_PAGES = 4096;
/** Threads of each application the streams use (one when guards tell handlers apart by thread). */
export const STREAM_THREADS = 4;

/** One event of a stream: its key and a maker of its arguments (the dispatcher calls it once per raise). */
export interface StreamEvent {
  readonly key: EventKey;
  readonly args: () => unknown;
}

export interface StreamShape {
  /** Applications raising events in turn: event i concerns application i mod apps (space = application). */
  readonly apps: number;
  /** Threads per application in the stream. */
  readonly threads: number;
  /** PhysAddr.Reclaim's resident pages. */
  readonly resident: number;
}

type Maker = (rng: Prng, key: EventKey, shape: StreamShape) => () => unknown;

const constant = (value: unknown) => () => value;
const access = (rng: Prng) => (rng.next() < 0.3 ? "write" : "read");

function residentOf(space: number, count: number): () => unknown[] {
  return () =>
    Array.from({ length: count }, (_, f) => ({
      frame: space * count + f,
      vpn: EVENT_PAGES + f,
      referenced: f % 4 !== 3,
      dirty: f % 3 === 0,
      loadedAt: 1e6 * f,
      lastAccess: 2e6 * f,
    }));
}

const MAKERS: Readonly<Record<EventName, Maker>> = {
  "Translation.PageNotPresent": (rng, k) =>
    constant({ space: k.space, thread: k.thread, vpn: k.vpn, access: access(rng), onSwap: rng.next() < 0.5 }),
  "Translation.BadAddress": (rng, k) => constant({ space: k.space, thread: k.thread, vpn: k.vpn, access: access(rng) }),
  "Translation.ProtectionFault": (_rng, k) =>
    constant({ space: k.space, thread: k.thread, vpn: k.vpn, access: "write" }),
  "PhysAddr.Reclaim": (_rng, k, shape) => {
    const build = residentOf(k.space, shape.resident);
    return () => new ReclaimArgs(k.space, k.vpn, build as never);
  },
  "Disk.IOComplete": (rng, k) =>
    constant({ space: k.space, kind: (["page-in", "write-back", "prefetch", "io"] as const)[rng.int(4)], vpn: k.vpn }),
  "Strand.Block": (rng, k) =>
    constant({ space: k.space, strand: k.space, thread: k.thread, reason: rng.next() < 0.8 ? "page-fault" : "io" }),
  "Strand.Unblock": (_rng, k) => constant({ space: k.space, strand: k.space, thread: k.thread }),
  "Strand.Checkpoint": (rng, k) =>
    constant({ space: k.space, strand: k.space, thread: k.thread, ranNs: 1e6 + rng.int(1e6) }),
  "Strand.Resume": (rng, k, shape) =>
    constant({
      space: k.space,
      strand: k.space,
      ready: Array.from({ length: shape.threads }, (_, t) => ({
        thread: t,
        priority: rng.int(32),
        readySince: 1e6 * t,
        ranNs: rng.int(1e7),
      })),
      current: -1,
    }),
};

/** The seeded stream of `count` events of `event`: applications in turn, pages of [0, EVENT_PAGES). */
export function eventStream(event: EventName, count: number, seed: number, shape: StreamShape): StreamEvent[] {
  const rng = new Prng(seed);
  const make = MAKERS[event];
  return Array.from({ length: count }, (_, i) => {
    const key: EventKey = { space: i % shape.apps, vpn: rng.int(EVENT_PAGES), thread: rng.int(shape.threads) };
    return { key, args: make(rng, key, shape) };
  });
}

/**
 * The least valid answer to each event, as the body of a no-op handler's arrow function in
 * TypeScript (`args` in scope) and as a built-in function: the same answer in every kind.
 */
export const NOOP_RESULT: Readonly<Record<EventName, { readonly ts: string; readonly js: (args: never) => unknown }>> =
  {
    "Translation.PageNotPresent": { ts: "({})", js: () => ({}) },
    "Translation.BadAddress": { ts: '({ action: "skip" })', js: () => ({ action: "skip" }) },
    "Translation.ProtectionFault": { ts: '({ action: "skip" })', js: () => ({ action: "skip" }) },
    "PhysAddr.Reclaim": {
      ts: '{ const p = args.resident[0]; if (p === undefined) throw new Error("no resident page"); return { victim: p.frame, clearReferenced: [] }; }',
      js: (a: { resident: { frame: number }[] }) => ({ victim: a.resident[0]!.frame, clearReferenced: [] }),
    },
    "Disk.IOComplete": { ts: "({})", js: () => ({}) },
    "Strand.Block": { ts: "undefined", js: () => undefined },
    "Strand.Unblock": { ts: "undefined", js: () => undefined },
    "Strand.Checkpoint": { ts: "undefined", js: () => undefined },
    "Strand.Resume": {
      ts: '{ const t = args.ready[0]; if (t === undefined) throw new Error("no ready thread"); return { thread: t.thread }; }',
      js: (a: { ready: { thread: number }[] }) => ({ thread: a.ready[0]!.thread }),
    },
  };
