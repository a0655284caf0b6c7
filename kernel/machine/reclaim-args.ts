import type { EventArgs } from "../events/catalogue.js";
import type { RowSource } from "../events/rows.js";

/**
 * PhysAddr.Reclaim's arguments. The resident list is built only if a handler reads it (the
 * native pagers use the PagerView instead); a class with a prototype getter keeps that cheap,
 * and toJSON makes the list part of what a sandboxed handler is sent. A sandboxed handler's wire
 * reads the list as rows of numbers instead (`writeRows`, kernel/events/rows.ts): no page object
 * is built for it.
 */
export class ReclaimArgs implements RowSource {
  private cached: EventArgs<"PhysAddr.Reclaim">["resident"] | undefined;

  constructor(
    readonly space: number,
    readonly vpn: number,
    private readonly build: () => EventArgs<"PhysAddr.Reclaim">["resident"],
    /** The resident list as rows (RESIDENT_ROW_FIELDS), straight from the frame table; none: from the list. */
    private readonly rows?: (out: Float64Array, at: number) => number,
  ) {}

  get resident(): EventArgs<"PhysAddr.Reclaim">["resident"] {
    return (this.cached ??= this.build());
  }

  toJSON(): EventArgs<"PhysAddr.Reclaim"> {
    return { space: this.space, vpn: this.vpn, resident: this.resident };
  }

  writeRows(field: string, out: Float64Array, at: number): number {
    if (field !== "resident") return -2;
    if (this.rows !== undefined && this.cached === undefined) return this.rows(out, at);
    const list = this.resident;
    if (at + list.length * 6 > out.length) return -1;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      const r = at + 6 * i;
      out[r] = p.frame;
      out[r + 1] = p.vpn;
      out[r + 2] = p.referenced ? 1 : 0;
      out[r + 3] = p.dirty ? 1 : 0;
      out[r + 4] = p.loadedAt;
      out[r + 5] = p.lastAccess;
    }
    return list.length;
  }
}
