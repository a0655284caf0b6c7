import fs from "node:fs";
import { afterAll, beforeAll, expect } from "vitest";
let c0: NodeJS.CpuUsage;
let t0 = 0;
beforeAll(() => {
  c0 = process.cpuUsage();
  t0 = performance.now();
});
afterAll(() => {
  const c = process.cpuUsage(c0);
  fs.appendFileSync(
    "/tmp/ts/cpu.tsv",
    `${expect.getState().testPath}\t${((c.user + c.system) / 1e6).toFixed(2)}\t${((performance.now() - t0) / 1000).toFixed(2)}\t${process.pid}\n`,
  );
});
