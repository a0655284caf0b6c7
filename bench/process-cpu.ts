/**
 * The CPU time of a whole `spin` process, for the benchmarks that run it as a user would
 * (startup.ts, pager-trace.ts): a script preloaded into it (`node --require`) that, as it exits,
 * writes its CPU time (all its threads) plus that of the processes it started: those it waited for
 * (making the check's snapshot) and those still alive (the check process started from the
 * snapshot stays until its parent has gone: extensions/check/check-server.ts), read from Linux's
 * /proc, to the file SPIN_BENCH_CPU names.
 */
export const CPU_REPORTER = `process.on("exit", () => {
  const fs = require("node:fs");
  const u = process.cpuUsage();
  let ms = (u.user + u.system) / 1000;
  try {
    const own = fs.readFileSync("/proc/self/stat", "utf8");
    const waited = own.slice(own.lastIndexOf(")") + 2).split(" ");
    ms += (Number(waited[13]) + Number(waited[14])) * 10;
    for (const task of fs.readdirSync("/proc/self/task"))
      for (const pid of fs.readFileSync("/proc/self/task/" + task + "/children", "utf8").split(" ").filter(Boolean)) {
        const stat = fs.readFileSync("/proc/" + pid + "/stat", "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        ms += (Number(fields[11]) + Number(fields[12])) * 10;
      }
  } catch {}
  fs.writeFileSync(process.env.SPIN_BENCH_CPU, String(ms));
});`;
