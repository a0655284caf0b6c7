/**
 * The CPU time of one thread of this process, from Linux's /proc: what the type check's time limit
 * counts, so that a check is refused for the work it does, not for the time a loaded machine made
 * it wait (wall time, where /proc is not there). Both readers are bounded (one small file each)
 * and answer undefined rather than throw.
 */
import fs from "node:fs";

/** /proc reports in USER_HZ clock ticks, 100 per second on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** The calling thread's id (a worker thread calls this for itself), or undefined off Linux. */
export function currentThreadId(): number | undefined {
  try {
    const stat = fs.readFileSync("/proc/thread-self/stat", "utf8");
    const tid = Number(stat.slice(0, stat.indexOf(" ")));
    return Number.isSafeInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU time of thread `tid` of this process so far, in ms, or undefined if it is gone or unknown. */
export function threadCpuMs(tid: number): number | undefined {
  return statCpuMs(`/proc/self/task/${tid}/stat`);
}

/** User + system CPU time of process `pid` so far (all its threads), in ms, or undefined if it is gone or unknown. */
export function processCpuMs(pid: number): number | undefined {
  return statCpuMs(`/proc/${pid}/stat`);
}

function statCpuMs(file: string): number | undefined {
  try {
    const stat = fs.readFileSync(file, "utf8");
    // Fields after the command name (which may hold spaces), from field 3 (state) on: utime is
    // field 14, stime field 15 (proc(5)).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}
