/**
 * The table of synthetic generators, and the reader that turns a `workload` object (from a
 * scenario file or from code) into a validated, generated stream.
 */
import path from "node:path";
import { Prng } from "../../kernel/prng.js";
import { didYouMean } from "../errors.js";
import { documentOf, type JsonValue } from "../json-value.js";
import { WorkloadError } from "../errors.js";
import { parseTrace, type ParsedTrace, type TraceOptions } from "../trace.js";
import { readFileSync } from "node:fs";
import { MAX_OPS } from "./common.js";
import { loopGenerator } from "./loop.js";
import { mixGenerator } from "./mix.js";
import { phasesGenerator } from "./phases.js";
import { scanGenerator } from "./scan.js";
import { sequenceGenerator } from "./sequence.js";
import { traceGenerator } from "./trace.js";
import type { Generated, Generator, GeneratorContext, ReadWorkload } from "./types.js";
import { uniformGenerator } from "./uniform.js";
import { zipfGenerator } from "./zipf.js";

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

/** Deep enough for any sensible phases-of-phases, shallow enough to stop runaway nesting. */
const MAX_NESTING = 16;

/** Reads workloads relative to one folder; a trace file named by several threads is parsed once. */
export class WorkloadReader implements GeneratorContext {
  private depth = 0;
  private readonly traces = new Map<string, ParsedTrace>();

  constructor(private readonly baseDir: string) {}

  read(spec: JsonValue): ReadWorkload {
    const typeValue = spec.peek("type");
    if (typeValue === undefined) throw spec.error(`missing "type" (one of: ${GENERATOR_NAMES.join(", ")})`);
    const name = typeValue.string();
    const generator = findGenerator(name);
    if (generator === undefined) {
      throw typeValue.error(`unknown generator "${name}" (known: ${GENERATOR_NAMES.join(", ")}).${didYouMean(name, GENERATOR_NAMES)}`);
    }
    const reader = spec.object(["type", ...generator.options], `option for generator "${name}"`);
    if (this.depth >= MAX_NESTING) spec.fail(`workloads nest more than ${MAX_NESTING} deep`);
    this.depth++;
    let options: unknown;
    try {
      options = generator.read(reader, this);
    } finally {
      this.depth--;
    }
    const count = generator.count(options);
    if (count > MAX_OPS) spec.fail(`this workload would have ${count} operations; the limit is ${MAX_OPS}`);
    return { generator, options };
  }

  generate(workload: ReadWorkload, prng: Prng): Generated {
    return workload.generator.generate(workload.options, prng, this);
  }

  trace(file: JsonValue, options: TraceOptions): ParsedTrace {
    const name = file.string();
    const resolved = path.join(this.baseDir, name);
    const key = `${options.format}|${options.skipInstructions}|${resolved}`;
    let trace = this.traces.get(key);
    if (trace === undefined) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(resolved);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        file.fail(`cannot read trace "${name}" (looked for ${resolved}): ${code === "ENOENT" ? "no such file" : code ?? String(error)}`);
      }
      trace = parseTrace(bytes, resolved, options);
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
