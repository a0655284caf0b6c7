/**
 * Failures of our own output: a full disk (`spin run … > /dev/full`) or a reader that went away
 * (`spin run --json … | head -1`). Node reports both as an 'error' event on the stream, which
 * would otherwise crash the process with a stack and exit code 1, the code that means "the
 * kernel's check failed". Here a closed pipe ends the command quietly with EXIT.outputClosed, and
 * any other write error is one message and EXIT.outputFailed.
 */
import { describeFsError } from "../workloads/read-input.js";
import { EXIT } from "./exit-codes.js";

let failure: number | undefined;
let guarded = false;

function onOutputError(error: NodeJS.ErrnoException, stream: "stdout" | "stderr"): void {
  if (failure !== undefined) return; // the first failure says it; later writes fail the same way
  if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") {
    failure = EXIT.outputClosed;
  } else {
    failure = EXIT.outputFailed;
    if (stream === "stdout") {
      const why = error.code === "ENOSPC" ? "no space left on the device" : describeFsError(error);
      process.stderr.write(`spin: cannot write the output: ${why}\n`);
    }
  }
  process.exitCode = failure;
}

/** Start watching stdout and stderr for write failures (once per process; each call resets). */
export function guardOutput(): void {
  failure = undefined;
  if (guarded) return;
  guarded = true;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => onOutputError(error, "stdout"));
  process.stderr.on("error", (error: NodeJS.ErrnoException) => onOutputError(error, "stderr"));
}

/** The exit code of an output failure, if one happened (write errors arrive a tick late). */
export async function outputFailure(): Promise<number | undefined> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return failure;
}
