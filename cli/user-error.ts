/**
 * Which errors are the user's (printed as one clear message, no stack) and which are ours.
 * Every module reports user mistakes with its own error class; this is the one place that knows
 * them all. Every `spin` command loads this module, so each class is imported from the small
 * module that defines it, never through a package index that would load what a command may not
 * need (the type checker, QuickJS).
 */
import { CommanderError } from "commander";
import { MachineConfigError, SimulationLimitError } from "../kernel/config.js";
import { DispatcherError } from "../kernel/dispatcher/errors.js";
import { PolicyError } from "../policies/define.js";
import { WorkloadError } from "../workloads/errors.js";
import { InputFileError } from "../workloads/read-input.js";
import { visible } from "../extensions/visible.js";
import { ExtensionRejected } from "../extensions/diagnostics.js";
import { ExerciseFormatError } from "../extensions/exercise/catalogue.js";
import { SimulationDied } from "../extensions/loader/errors.js";
import { OutputFileError } from "../extensions/loader/event-file.js";
import { EXIT } from "./exit-codes.js";

/** A mistake on the command line itself. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function classify(error: unknown): { code: number; message: string } | undefined {
  if (error instanceof ExtensionRejected) return { code: EXIT.extensionRejected, message: error.message };
  if (
    error instanceof WorkloadError ||
    error instanceof PolicyError ||
    error instanceof UsageError ||
    error instanceof DispatcherError ||
    error instanceof InputFileError ||
    error instanceof MachineConfigError ||
    error instanceof SimulationLimitError ||
    error instanceof ExerciseFormatError
  ) {
    return { code: EXIT.badInput, message: error.message };
  }
  if (error instanceof CommanderError) return { code: EXIT.badInput, message: "" };
  if (error instanceof SimulationDied) return { code: EXIT.simulationDied, message: error.message };
  if (error instanceof OutputFileError) return { code: EXIT.outputFailed, message: error.message };
  return undefined;
}

/**
 * A flag's integer value, between `min` and `max` (both allowed). The message names the flag and,
 * when given, its unit ("--memory-mb must be an integer from 1 to 1024 (MiB)"), so a user never
 * meets the internal name or unit a value is converted to.
 */
export function parseInteger(
  what: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
  unit?: string,
): (value: string) => number {
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new UsageError(
        `--${what} must be an integer ${range}${unit === undefined ? "" : ` (${unit})`}, got "${visible(value, 40)}"`,
      );
    }
    return n;
  };
}
