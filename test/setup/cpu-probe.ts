/**
 * Per-file CPU of the test suite, for finding what makes `npm test` slow (docs/PERFORMANCE.md,
 * "The test suite"). Does nothing unless SPIN_TEST_CPU_LOG names a file; then each test file
 * appends one JSON line to it: its name and the CPU its fork spent while it ran, its threads
 * (simulation and type-check workers) and its child processes (the check's snapshot process,
 * CLI subprocesses) included, and when it started (epoch ms: the suite's timeline by fork). Read /proc (Linux): the fork's own utime + stime, its waited-for
 * children's, and those of its descendants still alive (the long-lived check process).
 * Summarised by scripts/test-cpu-table.mjs. A file run in a worker thread (the lockdown files,
 * vitest.config.ts) logs its thread's own CPU only (`"scope": "thread"`): the simulation workers it
 * starts are threads of the process that runs vitest itself, which does other work meanwhile.
 */
import fs from "node:fs";
import { isMainThread } from "node:worker_threads";
import { afterAll, beforeAll } from "vitest";

const logFile = process.env.SPIN_TEST_CPU_LOG;
const TICKS_PER_S = 100;

/** utime + stime (+ cutime + cstime when `children`) of one process, in clock ticks. */
function ticksOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14..17 of proc(5), counted from the state field (3) here: index 11..14.
    return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0; // ended between listing and reading
  }
}

/** This process and every live descendant, by walking /proc/<pid>/task/<tid>/children. */
function treeTicks(root: number): number {
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    total += ticksOf(pid);
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const children = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").trim();
        if (children !== "") pending.push(...children.split(" ").map(Number));
      } catch {
        // the thread ended
      }
    }
  }
  return total;
}

/** utime + stime of the calling thread (Linux's /proc/thread-self, read synchronously on it). */
function threadTicks(): number {
  const stat = fs.readFileSync("/proc/thread-self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

const ticks = (): number => (isMainThread ? treeTicks(process.pid) : threadTicks());

if (logFile !== undefined) {
  let startTicks = 0;
  let startWall = 0;
  let startedAt = 0;
  beforeAll(() => {
    startTicks = ticks();
    startWall = performance.now();
    startedAt = Date.now();
  });
  afterAll((suite) => {
    const file = "filepath" in suite ? String(suite.filepath) : suite.name;
    const cpuS = (ticks() - startTicks) / TICKS_PER_S;
    const wallS = (performance.now() - startWall) / 1000;
    fs.appendFileSync(
      logFile,
      `${JSON.stringify({ file, cpuS, wallS, pid: process.pid, startedAt, ...(isMainThread ? {} : { scope: "thread" }) })}\n`,
    );
  });
}
