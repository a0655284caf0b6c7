/** Checks of `spin bench`'s outputs shared by the bench tests (the JSON's schema, the SVG's well-formedness). */
import { expect } from "vitest";

const num = (v: unknown) => typeof v === "number" && Number.isFinite(v);

/** A hand-written schema check of `spin bench dispatch --json`. */
export function checkSweepJson(j: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  need(j.schema === "spin-bench-dispatch/2", "schema");
  const m = j.machine as Record<string, unknown>;
  need(typeof m?.node === "string" && num(m.cpus) && typeof m.cpuModel === "string", "machine");
  need(Array.isArray(m?.loadStart) && Array.isArray(m?.loadEnd), "machine load");
  const r = j.reference as Record<string, unknown>;
  need(num(r?.bareCallUs) && num(r?.bareCallArmedUs) && num(r?.vmInvokeUs) && num(r?.clockReadUs), "reference");
  need(Array.isArray(j.points) && (j.points as unknown[]).length > 0, "points");
  for (const p of (j.points as Record<string, unknown>[]) ?? []) {
    need(typeof p.config === "string", "point.config");
    need(["builtin", "typed", "sfi", "native", "server"].includes(p.kind as string), "point.kind");
    need(["builtin", "one-sandbox-each", "shared", "grid", "ext"].includes(p.layout as string), "point.layout");
    need(["none", "one", "all"].includes(p.match as string), "point.match");
    for (const k of [
      "handlers",
      "extensions",
      "perExtension",
      "matchedPerEvent",
      "crossingsPerEvent",
      "medianUs",
      "minUs",
      "maxUs",
      "instructionsPerEvent",
      "fuelPerEvent",
      "perHandlerUs",
    ])
      need(num(p[k]), `point.${k}`);
    need(p.handlers === (p.extensions as number) * (p.perExtension as number), "N = M × K");
    need(
      (p.minUs as number) <= (p.medianUs as number) && (p.medianUs as number) <= (p.maxUs as number),
      "min ≤ median ≤ max",
    );
    const d = p.latency as Record<string, number>;
    need(d.p50Us! <= d.p90Us! && d.p90Us! <= d.p99Us! && d.p99Us! <= d.p999Us! && d.p999Us! <= d.maxUs!, "percentiles");
    need(d.count! > 0, "latency.count");
    need((p.p50SamplesUs as number[]).length === (p.samplesUs as number[]).length, "p50SamplesUs");
  }
  need(Array.isArray(j.accounts), "accounts");
  const c = j.competition as { events: number; rows: Record<string, unknown>[] };
  need(num(c?.events) && Array.isArray(c?.rows), "competition");
  return problems;
}

export function checkSvg(svg: string): void {
  expect(svg.startsWith("<?xml")).toBe(true);
  expect(svg).toMatch(/<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg.trim().endsWith("</svg>")).toBe(true);
  // XML-ish well-formedness: every opened element is closed, in order.
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    if (m[3] === "/") continue;
    if (m[1] === "/") expect(stack.pop()).toBe(m[2]);
    else stack.push(m[2]!);
  }
  expect(stack).toEqual([]);
}
