/** One application's stream from a trace file, as a thread's workload. */
import type { ObjectReader } from "../json-value.js";
import { TRACE_FORMATS, type TraceFormat } from "../trace.js";
import type { Generated, Generator, GeneratorContext } from "./types.js";

export const traceGenerator: Generator<Generated> = {
  name: "trace",
  summary: "the references of application `app` in trace `file` (relative to the scenario file)",
  options: ["file", "app", "format", "skipInstructions"],
  read(r: ObjectReader, ctx: GeneratorContext): Generated {
    const file = r.require("file", "path of a trace file, relative to the scenario file");
    file.string();
    const format = r.choice<TraceFormat | "auto">("format", "auto", TRACE_FORMATS);
    const skipInstructions = r.boolean("skipInstructions", false);
    const appValue = r.get("app");
    const app = appValue?.integer({ min: 0 }) ?? 0;
    const trace = ctx.trace(file, { format, skipInstructions });
    const stream = trace.apps.get(app);
    if (stream === undefined) {
      const present = [...trace.apps.keys()];
      throw (appValue ?? file).error(
        present.length === 0
          ? `trace ${trace.file} has no memory accesses`
          : `trace ${trace.file} has no accesses for application ${app} (it has: ${present.join(", ")})`,
      );
    }
    return stream;
  },
  count: (g) => g.ops.length,
  generate: (g) => g,
};
