/**
 * The last backstop of the V8 placements (sandbox/held-threads.ts): a simulation worker held
 * inside a builtin that worker.terminate() cannot stop must not keep `spin` running forever
 * (red team 3: Node's process exit waits for the thread). The test hook
 * SPIN_TEST_UNBOUNDED_BUILTINS=1 hardens the worker's realm without the length bounds, so
 * arraylike-foreach holds the thread as it did before them; `spin` must say "kernel down" and
 * end with its documented code. A run with a native extension runs in a process of its own
 * (extensions/loader/host-process.ts), which `spin` kills (SIGKILL) when its simulation reports a
 * held thread: `spin` itself then ends normally, exit 4 (before that process, it had to end
 * itself with SIGKILL, exit status 137). The child is bounded by a generous timeout that kills
 * it with SIGTERM instead: a SIGTERM here means the backstop failed.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../extensions/loader/paths.js";
import { EXIT } from "../../cli/exit-codes.js";

function spinHeld(): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  const root = packageRoot();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, "bin", "spin.js"),
        "load",
        "examples/exercises/arraylike-foreach.ts",
        "--mode",
        "native",
        "--scenario",
        "examples/scenarios/textbook.json",
      ],
      { cwd: root, env: { ...process.env, SPIN_TEST_UNBOUNDED_BUILTINS: "1" }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += String(d);
    });
    const bound = setTimeout(() => child.kill("SIGTERM"), 90_000);
    child.on("exit", (code, signal) => {
      clearTimeout(bound);
      resolve({ signal, code, stderr });
    });
  });
}

describe("a simulation thread held inside an uninterruptible builtin", () => {
  it("ends spin with a kernel-down message and exit code 4, not a process that never exits", async () => {
    const r = await spinHeld();
    expect(r.stderr).toContain(
      "kernel down: examples/exercises/arraylike-foreach.ts (native) held the kernel inside a builtin that cannot be interrupted",
    );
    expect(r.signal).toBeNull();
    expect(r.code).toBe(EXIT.simulationDied);
  }, 120_000);
});
