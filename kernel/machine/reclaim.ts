/**
 * The reclaim choice: when no frame is free, which application gives one up (the kernel's global
 * policy), and what it is told (PhysAddr.Reclaim's arguments). Which of its frames it gives up is
 * its own pager's choice, or its handlers'.
 */
import type { EventArgs } from "../events/catalogue.js";
import { PTE_DIRTY, PTE_REFERENCED } from "./address-space.js";
import type { FrameTable } from "./frame-table.js";
import type { RowVisitor } from "../events/rows.js";
import { ReclaimArgs } from "./reclaim-args.js";
import type { SimApp } from "./threads.js";

/**
 * The requesting application gives up one of its own pages if it holds at least its fair share of
 * frames; otherwise the application holding the most frames. Undefined when every frame is busy.
 */
export function pickReclaimApp(frames: FrameTable, apps: readonly SimApp[], requester: number): SimApp | undefined {
  // Owned and busy counts are kept by the frame table, and only the applications that own a
  // frame are looked at (at most one per frame, however many applications there are: a loop
  // over every application per reclaim made 100,000 one-page applications quadratic).
  const share = Math.floor(frames.count / apps.length);
  if (frames.ownedCount(requester) >= share && frames.hasCandidate(requester)) return apps[requester];
  // The most frames wins; ties go to the lowest application index.
  let best = -1;
  let bestOwned = 0;
  for (const a of frames.owners()) {
    const owned = frames.ownedCount(a);
    if (owned < bestOwned || (owned === bestOwned && a > best) || !frames.hasCandidate(a)) continue;
    best = a;
    bestOwned = owned;
  }
  return best < 0 ? undefined : apps[best];
}

/**
 * PhysAddr.Reclaim's arguments, asked on behalf of a page; the resident list is built if read.
 * The list's two builders depend only on the application, so they are made once per application
 * and each reclaim allocates its arguments object alone.
 */
export class ReclaimArgsMaker {
  private readonly builders: {
    readonly list: () => EventArgs<"PhysAddr.Reclaim">["resident"];
    readonly rows: (visit: RowVisitor) => number;
  }[] = [];

  constructor(private readonly frames: FrameTable) {}

  /** The arguments for `app`, asked on behalf of page `vpn`. */
  args(app: SimApp, vpn: number): EventArgs<"PhysAddr.Reclaim"> {
    let b = this.builders[app.index];
    if (b === undefined) {
      const frames = this.frames;
      b = { list: () => residentList(frames, app), rows: (visit) => residentRows(frames, app, visit) };
      this.builders[app.index] = b;
    }
    return new ReclaimArgs(app.index, vpn, b.list, b.rows);
  }
}

/** The same list row by row (kernel/events/rows.ts): no object per page. */
function residentRows(frames: FrameTable, app: SimApp, visit: RowVisitor): number {
  const as = app.space;
  const owner = frames.owner;
  const busy = frames.busy;
  const slots = frames.slot;
  const loadedAt = frames.loadedAt;
  const flags = as.flags;
  const vpns = as.vpn;
  const lastAccess = as.lastAccess;
  const index = app.index;
  const count = frames.count;
  let n = 0;
  for (let frame = 0; frame < count; frame++) {
    if (owner[frame] !== index || busy[frame] !== 0) continue;
    const slot = slots[frame]!;
    const f = flags[slot]!;
    visit(
      frame,
      vpns[slot]!,
      (f & PTE_REFERENCED) !== 0 ? 1 : 0,
      (f & PTE_DIRTY) !== 0 ? 1 : 0,
      loadedAt[frame]!,
      lastAccess[slot]!,
    );
    n++;
  }
  return n;
}

/** The frames `app` may give up (owned, not busy), in frame order. */
function residentList(frames: FrameTable, app: SimApp): EventArgs<"PhysAddr.Reclaim">["resident"] {
  const list: EventArgs<"PhysAddr.Reclaim">["resident"] = [];
  const as = app.space;
  for (let frame = 0; frame < frames.count; frame++) {
    if (frames.owner[frame] !== app.index || frames.busy[frame] !== 0) continue;
    const slot = frames.slot[frame]!;
    const f = as.flags[slot]!;
    list.push({
      frame,
      vpn: as.vpn[slot]!,
      referenced: (f & PTE_REFERENCED) !== 0,
      dirty: (f & PTE_DIRTY) !== 0,
      loadedAt: frames.loadedAt[frame]!,
      lastAccess: as.lastAccess[slot]!,
    });
  }
  return list;
}
