/**
 * Reclaim's arguments for a native handler without building and freezing every resident page per
 * event. The kernel shows the list row by row (kernel/events/rows.ts; not into a typed array:
 * stores into one are 40-100x slower in a realm hardened by SES, measured); this keeps last
 * event's frozen page objects by frame, and for each row that is exactly what it was (the same
 * frame, page and bits) hands the same frozen object again: a new event costs a pass over the
 * numbers and an object per page that changed, not an object and a freeze per page (measured
 * before: copying and freezing 64 pages was 35 µs of a native Reclaim's 45, docs/PERFORMANCE.md).
 *
 * What the handler gets is what `frozenCopy` gave: a frozen object with the catalogue's fields in
 * their order, the list a new frozen array of frozen pages with the same fields and values as the
 * kernel's own list (the kernel's test checks rows and list agree). Objects are shared with earlier
 * events only where they are equal and frozen, so nothing a handler does reaches the kernel or a
 * later event.
 */
import { isRowVisitSource, type RowVisitSource } from "../../kernel/events/rows.js";
import { Kind, RESIDENT_ROW, eventLayout, type EventLayout } from "../wire.js";

interface Page {
  readonly frame: number;
  readonly vpn: number;
  readonly referenced: boolean;
  readonly dirty: boolean;
  readonly loadedAt: number;
  readonly lastAccess: number;
}

/** One VM's kept resident list (one per event and list field). */
class KeptList {
  /**
   * Last event's pages, in frame order: this module's own array, never handed out (a handler gets
   * a frozen copy), so it can be updated in place from event to event.
   */
  private pages: Page[] = [];

  /** The list of the rows `src` shows: a new frozen array, unchanged pages shared. Undefined: not rows. */
  read(src: RowVisitSource, field: string): readonly Page[] | undefined {
    const old = this.pages;
    const n0 = old.length;
    // While every row so far is at its old position (the usual Reclaim: the same frames, a few
    // pages changed), changed pages are replaced in place and nothing else is written. At the
    // first row that is not, the list is rebuilt from there by merging, as the kernel's list is in
    // frame order: `pages` becomes a new array holding the rows before it.
    let pages = old;
    let k = 0;
    let i = 0;
    let inPlace = true;
    const n = src.visitRows(field, (frame, vpn, referenced, dirty, loadedAt, lastAccess) => {
      let o: Page | undefined;
      if (inPlace) {
        o = k < n0 ? old[k] : undefined;
        if (o === undefined || o.frame !== frame) {
          inPlace = false;
          pages = old.slice(0, k);
          i = k;
        }
      }
      if (!inPlace) {
        while (i < n0 && old[i]!.frame < frame) i++;
        o = i < n0 ? old[i] : undefined;
      }
      const same =
        o !== undefined &&
        o.frame === frame &&
        o.vpn === vpn &&
        o.referenced === (referenced !== 0) &&
        o.dirty === (dirty !== 0) &&
        o.loadedAt === loadedAt &&
        o.lastAccess === lastAccess;
      const p = same
        ? o!
        : Object.freeze({ frame, vpn, referenced: referenced !== 0, dirty: dirty !== 0, loadedAt, lastAccess });
      if (inPlace) {
        if (!same) old[k] = p;
      } else pages.push(p);
      k++;
    });
    if (n < 0) {
      // Not rows after all: forget what may have been half updated.
      this.pages = [];
      return undefined;
    }
    if (inPlace && k < n0) pages.length = k;
    this.pages = pages;
    // A copy of a packed array by slice is one block copy (0.3 µs for 256 pages against 3–4 µs
    // for pushing them one by one into a new array, measured in Node 20); frozen, it stays packed.
    return Object.freeze(pages.slice());
  }
}

/** Per VM: frozen arguments for events whose arguments are a RowSource of the known row. */
export class KeptArguments {
  private readonly lists = new Map<number, KeptList>();

  /** Frozen arguments for `event` from the kernel's `args`, or undefined when they are not rows (the caller copies). */
  argsOf(event: string, args: unknown): object | undefined {
    if (args === null || typeof args !== "object" || !isRowVisitSource(args)) return undefined;
    const layout = eventLayout(event);
    if (layout?.args == null) return undefined;
    return this.fromRows(layout, args);
  }

  private fromRows(layout: EventLayout, src: RowVisitSource): object | undefined {
    const out: Record<string, unknown> = {};
    const fields = layout.args!;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      if (field.kind === Kind.Rows) {
        if (field.row !== RESIDENT_ROW) return undefined;
        const key = layout.id * 256 + f;
        let kept = this.lists.get(key);
        if (kept === undefined) this.lists.set(key, (kept = new KeptList()));
        const list = kept.read(src, field.name);
        if (list === undefined) return undefined;
        out[field.name] = list;
      } else {
        const v = (src as unknown as Record<string, unknown>)[field.name];
        if (typeof v !== "number" && typeof v !== "boolean" && typeof v !== "string") return undefined;
        out[field.name] = v;
      }
    }
    return Object.freeze(out);
  }
}
