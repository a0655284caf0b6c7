/**
 * Our own output failing is not a kernel failure (issue 9): a full disk is an I/O error (exit 74,
 * one message), a reader that went away ends quietly (exit 141, like SIGPIPE), and exit 1 stays
 * the kernel's. Node reports both failures as an 'error' event on the stream, a tick after the
 * write; these tests make the stream fail the same way.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";
import { EXIT } from "../../cli/exit-codes.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const textbook = path.join(here, "../../examples/scenarios/textbook.json");

/** Runs `spin ...` in-process with stdout failing with `code` on its first write. */
async function spinWithFailingStdout(code: string, ...args: string[]): Promise<{ exit: number; stderr: string }> {
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const previous = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = (() => {
    const error = Object.assign(new Error(`write ${code}`), { code, syscall: "write" });
    process.nextTick(() => process.stdout.emit("error", error));
    return false;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (
    (stderr += String(chunk)), true
  )) as typeof process.stderr.write;
  try {
    const exit = await main(["node", "spin", ...args]);
    return { exit, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = previous;
  }
}

describe("output failures", () => {
  it("a full disk (ENOSPC) is an I/O error: exit 74 and one message, not 1", async () => {
    const r = await spinWithFailingStdout("ENOSPC", "run", textbook);
    expect(r).toEqual({
      exit: EXIT.outputFailed,
      stderr: "spin: cannot write the output: no space left on the device\n",
    });
    expect(EXIT.outputFailed).toBe(74);
  });

  it("another write error (EIO) is an I/O error too, in words", async () => {
    const r = await spinWithFailingStdout("EIO", "run", "--json", textbook);
    expect(r).toEqual({
      exit: EXIT.outputFailed,
      stderr: "spin: cannot write the output: an input/output error on the device\n",
    });
  });

  it("a closed pipe (EPIPE, `| head -1`) ends quietly with 141", async () => {
    const r = await spinWithFailingStdout("EPIPE", "run", "--json", textbook);
    expect(r).toEqual({ exit: EXIT.outputClosed, stderr: "" });
    expect(EXIT.outputClosed).toBe(141);
  });

  it("a command that failed for its own reason keeps its code", async () => {
    // spin check prints a rejected extension's diagnostics on stdout, then exits 3.
    const r = await spinWithFailingStdout("EPIPE", "check", path.join(here, "../loader/fixtures/bad.ts"));
    expect(r.exit).toBe(EXIT.extensionRejected);
  });
});
