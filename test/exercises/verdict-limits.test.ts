/**
 * A memory or stack stop is labelled with the limit the run was given (an exercise's `Limits:`
 * over the defaults), not the default's (red team 16: the runner read the defaults where a header
 * set its own, in the log-capped check and in these labels).
 */
import { describe, expect, it } from "vitest";
import { fromViolation } from "../../extensions/exercise/verdict.js";
import { resolveLimits } from "../../sandbox/limits.js";

describe("the limit a stop's label names", () => {
  it("is the run's memory and stack limit, the default's when the run set none", () => {
    const memory = { kind: "memory" as const, message: "guest ran out of memory" };
    const stack = { kind: "stack" as const, message: "guest stack overflow" };
    expect(fromViolation(memory, "x.ts:1:2", resolveLimits({ memoryBytes: 4 << 20 })).label).toBe(
      "stopped: memory (4 MiB at x.ts:1:2)",
    );
    expect(fromViolation(stack, "x.ts:1:2", resolveLimits({ stackBytes: 64 << 10 })).label).toBe(
      "stopped: stack (64 KiB at x.ts:1:2)",
    );
    expect(fromViolation(memory, "x.ts:1:2").label).toBe("stopped: memory (16 MiB at x.ts:1:2)");
    // A limit the fault carries (a server's heap) is its own.
    expect(
      fromViolation({ ...memory, limit: "32 MiB" }, undefined, resolveLimits({ memoryBytes: 4 << 20 })).label,
    ).toBe("stopped: memory (32 MiB)");
  });
});
