/**
 * Pager clock ticks (NFU, Aging): a clock interrupt for each application whose pager asks for one.
 *
 * Ticks fall on the grid tickNs, 2 tickNs, ... of simulated time. A tick at which the application
 * has completed no operation since the last one delivered (it was computing, waiting for the disk,
 * or not running) parks the clock: no more tick events until the application runs again or
 * faults; the next tick then tells the pager how many grid points passed. So ticks cost host time
 * in proportion to the operations run, never to simulated time alone (a tiny tickNs over a long
 * wait, or a float clock too coarse for tickNs, cannot flood the event queue). Each tick hands the
 * pager the frames referenced since the previous one (SimApp.referencedSinceTick, kept by the hit
 * path), so that a tick can cost what the application did, not the machine's size (PagerPolicy.tick).
 */
import type { Machine } from "./machine.js";
import type { SimApp } from "./threads.js";

interface PagerClock {
  readonly tickNs: number;
  /** Grid time of the last tick delivered. */
  last: number;
  /** Operations the application had completed then (the sum of its threads' pc). */
  progress: number;
  /** No tick event is pending: the application did nothing at the last one. */
  parked: boolean;
}

export class PagerClocks {
  /** Ticks in the event queue: they alone do not keep the run going. */
  pending = 0;
  /** Per application: its pager's clock, if the pager asked for ticks. */
  private readonly clocks: (PagerClock | undefined)[] = [];
  /** Scratch marks by frame for deduplicating a tick's list (all 0 between ticks); made at the first tick. */
  private listedMarks: Uint8Array | undefined;

  constructor(private readonly m: Machine) {}

  start(app: SimApp): void {
    const { tick, tickNs } = app.pager;
    if (tick === undefined || tickNs === undefined || !(tickNs > 0) || !Number.isFinite(tickNs)) return;
    if (app.strand === "done") return;
    const clock: PagerClock = { tickNs, last: 0, progress: 0, parked: false };
    this.clocks[app.index] = clock;
    app.referencedSinceTick = [];
    this.schedule(app, clock, tickNs);
  }

  /** The application runs (or faults) again: a parked clock ticks again from the next grid point. */
  resume(app: SimApp): void {
    const clock = this.clocks[app.index];
    if (!clock?.parked) return;
    clock.parked = false;
    this.schedule(app, clock, (Math.floor(this.m.now / clock.tickNs) + 1) * clock.tickNs);
  }

  private schedule(app: SimApp, clock: PagerClock, due: number): void {
    if (!(due > clock.last)) return; // the float clock no longer resolves tickNs: no more ticks
    this.pending++;
    this.m.events.schedule(due, () => this.tick(app, clock, due));
  }

  private tick(app: SimApp, clock: PagerClock, due: number): void {
    this.pending--;
    if (app.strand === "done") return;
    let progress = 0;
    for (const t of app.threads) progress += t.pc;
    if (progress === clock.progress) {
      clock.parked = true;
      return;
    }
    clock.progress = progress;
    const elapsed = Math.max(1, Math.round((due - clock.last) / clock.tickNs));
    clock.last = due;
    const view = this.m.pagerViewOf(app.index);
    const referenced = app.referencedSinceTick!;
    app.pager.tick!(view, elapsed, referenced);
    // What the pager left referenced (a busy frame it skipped) is listed for the next tick; the
    // rest is done with. The list never holds more than the references since the last tick plus
    // those frames.
    const listed = (this.listedMarks ??= new Uint8Array(view.frameCount));
    let kept = 0;
    for (const f of referenced) {
      if (listed[f] !== 0 || view.owner(f) !== app.index || !view.referenced(f)) continue;
      listed[f] = 1;
      referenced[kept++] = f;
    }
    referenced.length = kept;
    for (const f of referenced) listed[f] = 0;
    this.schedule(app, clock, due + clock.tickNs);
  }
}
