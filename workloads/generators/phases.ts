/** Sub-workloads run one after another: the working set changes at each phase boundary. */
import type { Prng } from "../../kernel/prng.js";
import { OP_READ, OP_WRITE, OpStreamBuilder, PAGE_SIZE, type OpKind } from "../../kernel/workload.js";
import type { ObjectReader } from "../json-value.js";
import { readBase, readRepeat } from "./common.js";
import type { Generated, Generator, GeneratorContext, ReadWorkload } from "./types.js";

export interface PhasesOptions {
  readonly phases: readonly ReadWorkload[];
  /** Run the whole list this many times (the same streams again: a program revisiting phases). */
  readonly repeat: number;
  /** Added to every phase's addresses. */
  readonly base: number;
}

export function phases(o: PhasesOptions, prng: Prng, ctx: GeneratorContext): Generated {
  // Each phase draws from its own fork, so editing one phase leaves the others' streams alone.
  const parts = o.phases.map((phase, i) => ctx.generate(phase, prng.fork(`phase${i}`)));
  const out = new OpStreamBuilder(o.repeat * parts.reduce((sum, part) => sum + part.ops.length, 0));
  // Empty phases add nothing; without this, `repeat` rounds of empty phases would spin for nothing.
  const nonEmpty = parts.filter((part) => part.ops.length > 0);
  for (let r = 0; r < (nonEmpty.length > 0 ? o.repeat : 0); r++) {
    for (const part of nonEmpty) {
      for (let i = 0; i < part.ops.length; i++) {
        const kind = part.ops.kinds[i] as OpKind;
        const memory = kind === OP_READ || kind === OP_WRITE;
        out.push(kind, memory ? part.ops.values[i]! + o.base : part.ops.values[i]!);
      }
    }
  }
  const shift = o.base / PAGE_SIZE;
  const pages = parts.flatMap((p) =>
    p.pages.map((range) => ({ startVpn: range.startVpn + shift, pages: range.pages })),
  );
  return { ops: out.finish(), pages };
}

export const phasesGenerator: Generator<PhasesOptions> = {
  name: "phases",
  summary: "a list of sub-workloads (`phases`) run one after another, `repeat` times",
  options: ["phases", "repeat", "base"],
  read(r: ObjectReader, ctx: GeneratorContext): PhasesOptions {
    const list = r.require("phases", 'a list of workloads, e.g. [{"type": "loop"}, {"type": "scan"}]');
    const items = list.array();
    if (items.length === 0) list.fail("expected at least one phase");
    return { phases: items.map((item) => ctx.read(item)), repeat: readRepeat(r), base: readBase(r) };
  },
  count: (o) => o.repeat * o.phases.reduce((sum, p) => sum + p.generator.count(p.options), 0),
  computeNs: (o) => o.repeat * o.phases.reduce((sum, p) => sum + (p.generator.computeNs?.(p.options) ?? 0), 0),
  generate: phases,
};
