/**
 * An extension's accounting as `spin load` and the playground show it, bpftool style: `key value`
 * pairs, zero counters left out, in one order. The names and the file quote input, so they come
 * out visible (control characters escaped). A module of its own, so that the playground's page
 * takes it without the loader.
 */
import { visible } from "../../workloads/visible.js";
import type { ExtensionReport } from "./account.js";

export function accountingPairs(e: ExtensionReport): [string, string | number][] {
  const pairs: [string, string | number][] = [
    ["name", visible(e.name)],
    ["file", visible(e.file)],
    ["app", visible(e.app)],
    ["mode", visible(e.mode)],
    ["handlers", e.handlers.map((h) => `${visible(h.event)}#${h.bindingId}`).join(",") || "none"],
  ];
  if (e.invocations) pairs.push(["run_cnt", e.invocations]);
  if (e.instructions) pairs.push(["instructions", e.instructions]);
  if (e.fuel) pairs.push(["fuel", e.fuel]);
  // Simulated time charged for its work (crossings and fuel): deterministic, unlike run_time_ns.
  if (e.chargedNs) pairs.push(["charged_ns", e.chargedNs]);
  if (e.violationCount) pairs.push(["violations", e.violationCount]);
  for (const [kind, n] of Object.entries(e.violationsByKind)) if (n) pairs.push([`violation_${kind}`, n]);
  if (e.logLines) pairs.push(["log_lines", e.logLines]);
  // Host time: only in a report made with `timing` (never deterministic).
  if (e.hostNs) pairs.push(["run_time_ns", e.hostNs]);
  return pairs;
}
