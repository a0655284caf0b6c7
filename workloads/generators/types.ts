/** The contract every synthetic generator file fulfils, and what the registry hands them. */
import type { Prng } from "../../kernel/prng.js";
import type { OpStream } from "../../kernel/workload.js";
import type { JsonValue, ObjectReader } from "../json-value.js";
import type { PageRange } from "../pages.js";
import type { ParsedTrace, TraceOptions } from "../trace.js";

/** A thread's operations plus every page they may touch (the default regions are built from it). */
export interface Generated {
  readonly ops: OpStream;
  readonly pages: readonly PageRange[];
}

/** A workload whose options have been read and validated, ready to generate. */
export interface ReadWorkload {
  readonly generator: Generator<unknown>;
  readonly options: unknown;
}

export interface GeneratorContext {
  /** Read a nested workload (phases), validating it in place. */
  read(spec: JsonValue): ReadWorkload;
  generate(workload: ReadWorkload, prng: Prng): Generated;
  /** Load a trace file named by `file` (a path relative to the scenario's folder). */
  trace(file: JsonValue, options: TraceOptions): ParsedTrace;
}

export interface Generator<O> {
  readonly name: string;
  /** One line for docs and `unknown generator` messages. */
  readonly summary: string;
  /** Option names besides "type". */
  readonly options: readonly string[];
  read(reader: ObjectReader, ctx: GeneratorContext): O;
  /** Operations it will produce, checked against a cap before any memory is spent. */
  count(options: O): number;
  /** Simulated CPU time of its compute operations, in ns (0 if it has none): long compute spans
   * many quanta, each one a preemption to simulate, so it counts against the same cap. */
  computeNs?(options: O): number;
  generate(options: O, prng: Prng, ctx: GeneratorContext): Generated;
}
