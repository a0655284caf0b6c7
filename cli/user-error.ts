/**
 * Which errors are the user's (printed as one clear message, no stack) and which are ours.
 * Every module reports user mistakes with its own error class; this is the one place that knows
 * them all.
 */
import { CommanderError } from "commander";
import { DispatcherError } from "../kernel/dispatcher/errors.js";
import { PolicyError } from "../policies/index.js";
import { WorkloadError } from "../workloads/index.js";
import { ExtensionRejected } from "../extensions/diagnostics.js";
import { SimulationDied } from "../extensions/loader/supervised-run.js";
import { EXIT } from "./exit-codes.js";

/** A mistake on the command line itself. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function classify(error: unknown): { code: number; message: string } | undefined {
  if (error instanceof ExtensionRejected) return { code: EXIT.extensionRejected, message: error.message };
  if (error instanceof WorkloadError || error instanceof PolicyError || error instanceof UsageError || error instanceof DispatcherError) {
    return { code: EXIT.badInput, message: error.message };
  }
  if (error instanceof CommanderError) return { code: EXIT.badInput, message: "" };
  if (error instanceof SimulationDied) return { code: EXIT.simulationDied, message: error.message };
  return undefined;
}

export function parseInteger(what: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new UsageError(`--${what} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
    }
    return n;
  };
}
