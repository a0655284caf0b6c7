/**
 * The comparison `spin load` makes, as data: for every application (those with extensions and
 * their neighbours, whose figures move too when they share frames and the disk), its figures in
 * the run with extensions and in the run with the built-in policies, which extensions it had, and
 * which built-in decision those extensions took over: the pager when one handles PhysAddr.Reclaim,
 * the thread scheduler for Strand.Resume, the default "no read-ahead" for PageNotPresent or
 * Disk.IOComplete, "terminate" for BadAddress and ProtectionFault. Notifications replace nothing.
 * The text report (render/extension-report.ts) and `--json` both show this one computation.
 */
import type { EventName } from "../../kernel/events/catalogue.js";
import type { AppReport, RunReport } from "../../kernel/machine/report.js";
import type { ExtensionRunReport } from "./account.js";

export interface RunFigures {
  readonly faults: number;
  readonly majorFaults: number;
  readonly evictions: number;
  readonly writeBacks: number;
  readonly prefetches: number;
  /** Extension work charged to it in simulated time (issue 11; 0 in the built-in run). */
  readonly extensionNs: number;
  /** When its last thread finished, -1 if one never did. */
  readonly doneNs: number;
}

export interface AppComparison {
  readonly app: string;
  /** The declared names of the extensions attached to it, in load order (`(unloaded)` marks one the watchdog took out). */
  readonly extensions: readonly { readonly name: string; readonly unloaded: boolean }[];
  /** The built-in decisions they took over, by name: `clock`, `priority`, `no read-ahead`, `terminate`. */
  readonly replaced: readonly string[];
  /** What decided in the run with extensions: the pager and the scheduler, extensions' names where they did. */
  readonly policy: {
    readonly pager: string;
    readonly scheduler: string;
    /** Whether extensions decided (their names can equal a built-in policy's: `priority`). */
    readonly byExtension: { readonly pager: boolean; readonly scheduler: boolean };
  };
  readonly withExtensions: RunFigures;
  readonly baseline: RunFigures & { readonly pager: string; readonly scheduler: string };
}

const figures = (a: AppReport): RunFigures => ({
  faults: a.faults,
  majorFaults: a.majorFaults,
  evictions: a.evictions,
  writeBacks: a.writeBacks,
  prefetches: a.prefetches,
  extensionNs: a.extensionNs,
  doneNs: a.finishedNs,
});

export function compareRuns(withExt: ExtensionRunReport, baseline: RunReport): AppComparison[] {
  return withExt.apps.map((app, i) => {
    const base = baseline.apps[i]!;
    const exts = withExt.extensions.filter((e) => e.app === app.name);
    const handling = (...events: EventName[]) =>
      exts.filter((e) => e.handlers.some((h) => events.includes(h.event))).map((e) => e.name);
    const pagers = handling("PhysAddr.Reclaim");
    const schedulers = handling("Strand.Resume");
    const replaced: string[] = [];
    if (pagers.length > 0) replaced.push(base.pager);
    if (schedulers.length > 0) replaced.push(base.scheduler);
    if (handling("Translation.PageNotPresent", "Disk.IOComplete").length > 0) replaced.push("no read-ahead");
    if (handling("Translation.BadAddress", "Translation.ProtectionFault").length > 0) replaced.push("terminate");
    return {
      app: app.name,
      extensions: exts.map((e) => ({ name: e.name, unloaded: e.unloaded !== undefined })),
      replaced,
      policy: {
        pager: pagers.length > 0 ? pagers.join("+") : base.pager,
        scheduler: schedulers.length > 0 ? schedulers.join("+") : base.scheduler,
        byExtension: { pager: pagers.length > 0, scheduler: schedulers.length > 0 },
      },
      withExtensions: figures(app),
      baseline: { ...figures(base), pager: base.pager, scheduler: base.scheduler },
    };
  });
}
