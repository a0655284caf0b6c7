import type { EventArgs } from "../events/catalogue.js";

/**
 * PhysAddr.Reclaim's arguments. The resident list is built only if a handler reads it (the
 * native pagers use the PagerView instead); a class with a prototype getter keeps that cheap,
 * and toJSON makes the list part of what a sandboxed handler is sent.
 */
export class ReclaimArgs {
  private cached: EventArgs<"PhysAddr.Reclaim">["resident"] | undefined;

  constructor(
    readonly space: number,
    readonly vpn: number,
    private readonly build: () => EventArgs<"PhysAddr.Reclaim">["resident"],
  ) {}

  get resident(): EventArgs<"PhysAddr.Reclaim">["resident"] {
    return (this.cached ??= this.build());
  }

  toJSON(): EventArgs<"PhysAddr.Reclaim"> {
    return { space: this.space, vpn: this.vpn, resident: this.resident };
  }
}
