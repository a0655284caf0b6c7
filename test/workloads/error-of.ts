import { expect } from "vitest";
import { WorkloadError } from "../../workloads/index.js";

/** The WorkloadError `f` throws; fails the test if it throws anything else or nothing. */
export function errorOf(f: () => unknown): WorkloadError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkloadError);
    return error as WorkloadError;
  }
  throw new Error("expected a WorkloadError");
}
