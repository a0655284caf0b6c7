/**
 * The table of synthetic generators, and the reader that turns a `workload` object (from a
 * scenario file or from code) into a validated, generated stream.
 */
import path from "node:path";
import { DEFAULT_QUANTUM_NS } from "../../kernel/config.js";
import { Prng } from "../../kernel/prng.js";
import { didYouMean } from "../errors.js";
import { documentOf, type JsonValue } from "../json-value.js";
import { WorkloadError } from "../errors.js";
import { MAX_OPS, MAX_WORKLOAD_NESTING } from "../limits.js";
import { InputFileError } from "../read-input.js";
import { scanTraceFile, type ParsedTrace, type TraceOptions } from "../trace.js";
import { loopGenerator } from "./loop.js";
import { mixGenerator } from "./mix.js";
import { phasesGenerator } from "./phases.js";
import { scanGenerator } from "./scan.js";
import { sequenceGenerator } from "./sequence.js";
import { traceGenerator } from "./trace.js";
import type { Generated, Generator, GeneratorContext, ReadWorkload } from "./types.js";
import { uniformGenerator } from "./uniform.js";
import { zipfGenerator } from "./zipf.js";

// biome-ignore lint/suspicious/noExplicitAny: each generator reads options of its own type; the registry holds them side by side
export const GENERATORS: readonly Generator<any>[] = [
  scanGenerator,
  loopGenerator,
  uniformGenerator,
  zipfGenerator,
  phasesGenerator,
  mixGenerator,
  sequenceGenerator,
  traceGenerator,
];

export const GENERATOR_NAMES: readonly string[] = GENERATORS.map((g) => g.name);

export function findGenerator(name: string): Generator<unknown> | undefined {
  return GENERATORS.find((g) => g.name === name);
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * Reads workloads relative to one folder; a trace file named by several threads is parsed once.
 * It also keeps the run's budget: every workload read at the top level (a thread's) spends steps,
 * one per operation plus one per quantum of compute time, and all of them together may spend at
 * most MAX_OPS, so what a scenario asks for bounds the host's work and memory.
 */
export class WorkloadReader implements GeneratorContext {
  private depth = 0;
  private readonly traces = new Map<string, ParsedTrace>();
  private ops = 0;
  private computeQuanta = 0;

  constructor(
    private readonly baseDir: string,
    /** The scenario's quantum: compute time is counted in quanta. */
    private readonly quantumNs = DEFAULT_QUANTUM_NS,
  ) {}

  read(spec: JsonValue): ReadWorkload {
    const typeValue = spec.peek("type");
    if (typeValue === undefined) throw spec.error(`missing "type" (one of: ${GENERATOR_NAMES.join(", ")})`);
    const name = typeValue.string();
    const generator = findGenerator(name);
    if (generator === undefined) {
      throw typeValue.error(
        `unknown generator "${name}" (known: ${GENERATOR_NAMES.join(", ")}).${didYouMean(name, GENERATOR_NAMES)}`,
      );
    }
    const reader = spec.object(["type", ...generator.options], `option for generator "${name}"`);
    if (this.depth >= MAX_WORKLOAD_NESTING) spec.fail(`workloads nest more than ${MAX_WORKLOAD_NESTING} deep`);
    this.depth++;
    let options: unknown;
    try {
      options = generator.read(reader, this);
    } finally {
      this.depth--;
    }
    const count = generator.count(options);
    if (count > MAX_OPS)
      spec.fail(
        `this workload would have ${fmt(count)} operations; the limit is ${fmt(MAX_OPS)} (docs/WORKLOADS.md, Limits)`,
      );
    if (this.depth === 0) this.spend(spec, count, generator.computeNs?.(options) ?? 0);
    return { generator, options };
  }

  /** Charge a thread's workload to the run's budget; refused at the workload that goes over it. */
  private spend(spec: JsonValue, count: number, computeNs: number): void {
    this.ops += count;
    this.computeQuanta += Math.ceil(computeNs / this.quantumNs);
    const steps = this.ops + this.computeQuanta;
    if (steps <= MAX_OPS) return;
    const compute = this.computeQuanta > 0 ? ` and ${fmt(this.computeQuanta)} quanta of compute time` : "";
    spec.fail(
      `with this workload the threads need ${fmt(steps)} steps (${fmt(this.ops)} operations${compute}), more than the ${fmt(MAX_OPS)} a run may take; ` +
        `use fewer references or repeats${compute === "" ? "" : ", less computeNs or a larger quantumNs"} (docs/WORKLOADS.md, Limits)`,
    );
  }

  generate(workload: ReadWorkload, prng: Prng): Generated {
    return workload.generator.generate(workload.options, prng, this);
  }

  trace(file: JsonValue, options: TraceOptions): ParsedTrace {
    const name = file.string();
    // An absolute path stays as written; a relative one is relative to the scenario's folder.
    const resolved = path.isAbsolute(name) ? name : path.join(this.baseDir, name);
    const key = `${options.format}|${options.skipInstructions}|${resolved}`;
    let trace = this.traces.get(key);
    if (trace === undefined) {
      try {
        trace = scanTraceFile(resolved, options);
      } catch (error) {
        if (!(error instanceof InputFileError)) throw error;
        file.fail(`cannot read trace "${name}" (looked for ${resolved}): ${error.reason}`);
      }
      this.traces.set(key, trace);
    }
    return trace;
  }
}

/** A workload spec as written in a scenario file, e.g. `{ type: "loop", pages: 80, refs: 20000 }`. */
export interface WorkloadSpec {
  readonly type: string;
  readonly [option: string]: unknown;
}

/**
 * Generate one workload from code. The spec is validated exactly as in a scenario file; errors
 * point into its pretty-printed JSON (file "<inline>"). Trace paths are relative to `baseDir`.
 */
export function generateWorkload(spec: WorkloadSpec, seed: number | Prng, baseDir = process.cwd()): Generated {
  const reader = new WorkloadReader(baseDir);
  const prng = typeof seed === "number" ? new Prng(seed) : seed;
  return reader.generate(reader.read(documentOf(spec).root), prng);
}

export { WorkloadError };
