import type { EventArgs } from "../events/catalogue.js";
import type { RowSource, RowVisitor, RowVisitSource } from "../events/rows.js";

/**
 * PhysAddr.Reclaim's arguments. The resident list is built only if a handler reads it (the
 * native pagers use the PagerView instead); a class with a prototype getter keeps that cheap,
 * and toJSON makes the list part of what a sandboxed handler is sent. A sandboxed handler's wire
 * reads the list as rows of numbers instead (`writeRows`, kernel/events/rows.ts): no page object
 * is built for it.
 */
export class ReclaimArgs implements RowSource, RowVisitSource {
  private cached: EventArgs<"PhysAddr.Reclaim">["resident"] | undefined;

  constructor(
    readonly space: number,
    readonly vpn: number,
    private readonly build: () => EventArgs<"PhysAddr.Reclaim">["resident"],
    /** The resident list row by row (RESIDENT_ROW_FIELDS), straight from the frame table; none: from the list. */
    private readonly rows?: (visit: RowVisitor) => number,
  ) {}

  get resident(): EventArgs<"PhysAddr.Reclaim">["resident"] {
    return (this.cached ??= this.build());
  }

  toJSON(): EventArgs<"PhysAddr.Reclaim"> {
    return { space: this.space, vpn: this.vpn, resident: this.resident };
  }

  writeRows(field: string, out: Float64Array, at: number): number {
    if (field !== "resident") return -2;
    let r = at;
    const room = out.length;
    let full = false;
    const n = this.visitRows(field, (frame, vpn, referenced, dirty, loadedAt, lastAccess) => {
      if (r + 6 > room) {
        full = true;
        return;
      }
      out[r] = frame;
      out[r + 1] = vpn;
      out[r + 2] = referenced;
      out[r + 3] = dirty;
      out[r + 4] = loadedAt;
      out[r + 5] = lastAccess;
      r += 6;
    });
    return full ? -1 : n;
  }

  visitRows(field: string, visit: RowVisitor): number {
    if (field !== "resident") return -2;
    if (this.rows !== undefined && this.cached === undefined) return this.rows(visit);
    const list = this.resident;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      visit(p.frame, p.vpn, p.referenced ? 1 : 0, p.dirty ? 1 : 0, p.loadedAt, p.lastAccess);
    }
    return list.length;
  }
}
