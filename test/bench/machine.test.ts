/** The machine header of every benchmark report: within 80 columns, whatever the CPU is called. */
import { describe, expect, it } from "vitest";
import { machineLine, type MachineInfo } from "../../bench/machine.js";

const machine = (cpuModel: string): MachineInfo => ({
  node: "v20.20.2",
  platform: "linux",
  arch: "x64",
  cpus: 2,
  cpuModel,
  loadStart: [3.14, 0, 0],
  loadEnd: [4, 0, 0],
});

describe("machineLine", () => {
  it("names cores, CPU, Node and the load at start and end, on lines of at most 80 columns", () => {
    expect(machineLine(machine("AMD EPYC"))).toBe(
      "machine: 2 cores, AMD EPYC, Node v20.20.2\nload average (1 min): 3.1 at start, 4.0 at end",
    );
    const long = "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz (with AVX-512)";
    const text = machineLine(machine(long));
    expect(text).toContain(`cpu: ${long}`);
    for (const line of text.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
