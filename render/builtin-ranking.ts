/**
 * `spin load --compare-all`: the extensions' run ranked among the runs with every built-in pager
 * (or scheduler), fewest faults first (then the shorter simulated time; ties keep the registry's
 * order, the extensions' run first).
 */
import type { RunReport } from "../kernel/machine/report.js";
import { visible } from "../extensions/visible.js";
import type { BuiltinKind, BuiltinRun } from "../extensions/loader/baselines.js";
import { ms, table } from "./table.js";

export function formatBuiltinRanking(
  kind: BuiltinKind,
  extensionsLabel: string,
  withExt: Pick<RunReport, "simulatedNs" | "totals">,
  runs: readonly BuiltinRun[],
): string {
  const rows = [
    {
      label: `${visible(extensionsLabel)} (yours)`,
      faults: withExt.totals.faults,
      majorFaults: withExt.totals.majorFaults,
      evictions: withExt.totals.evictions,
      writeBacks: withExt.totals.writeBacks,
      simulatedNs: withExt.simulatedNs,
    },
    ...runs.map((r) => ({ ...r, label: r.policy })),
  ];
  const ranked = rows
    .map((r, order) => ({ ...r, order }))
    .sort((a, b) => a.faults - b.faults || a.simulatedNs - b.simulatedNs || a.order - b.order);
  const body = ranked.map((r, i) => [
    i + 1,
    r.label,
    r.faults,
    r.majorFaults,
    r.evictions,
    r.writeBacks,
    ms(r.simulatedNs),
  ]);
  const place = ranked.findIndex((r) => r.order === 0) + 1;
  const yours = ranked[place - 1]!;
  const tied = ranked.filter((r) => r.order !== 0 && r.faults === yours.faults && r.simulatedNs === yours.simulatedNs);
  const ties = tied.length === 0 ? "" : ` (tied with ${tied.map((r) => r.label).join(", ")})`;
  return [
    `against every built-in ${kind === "pagers" ? "pager" : "scheduler"} (whole machine; fewest faults first):`,
    table(["rank", "policy", "faults", "major", "evict", "wback", "time ms"], body, [
      "right",
      "left",
      ...Array<"right">(5).fill("right"),
    ]),
    `yours ranks ${place} of ${ranked.length}${ties}`,
  ].join("\n");
}
