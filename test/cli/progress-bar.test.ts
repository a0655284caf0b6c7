/**
 * The progress bar (issue 9, "Terminal"): it switches no terminal mode, so Ctrl-C or any other
 * exit leaves the cursor visible and line wrapping on; and a run where every reference faults
 * reports progress as it goes, not 0% until the end.
 */
import { describe, expect, it } from "vitest";
import { progressReporter } from "../../cli/progress.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { createPager, createScheduler } from "../../policies/index.js";
import { parseScenario } from "../../workloads/scenario.js";

function fakeTerminal(): {
  stream: { isTTY: true; columns: number; write: (s: string) => boolean };
  text: () => string;
} {
  let text = "";
  return { stream: { isTTY: true, columns: 60, write: (s: string) => ((text += s), true) }, text: () => text };
}

describe("progress bar", () => {
  it("never hides the cursor or turns line wrapping off, so there is nothing to restore", () => {
    const terminal = fakeTerminal();
    const progress = progressReporter("scan", terminal.stream);
    progress.onProgress!(0, 1_000_000);
    progress.onProgress!(500_000, 1_000_000);
    // Ctrl-C here would end the process: whatever was written so far must leave the terminal as it was.
    const beforeStop = terminal.text();
    expect(beforeStop).toContain("scan [");
    expect(beforeStop).not.toContain("\u001b[?25l");
    expect(beforeStop).not.toContain("\u001b[?7l");
    progress.stop();
    expect(terminal.text()).not.toContain("\u001b[?25l");
  });

  it("keeps each line within the terminal's width and shows a hostile label escaped", () => {
    const terminal = fakeTerminal();
    const progress = progressReporter("\u001b[2J".repeat(40), terminal.stream);
    progress.onProgress!(1, 1_000_000);
    progress.stop();
    expect(terminal.text()).not.toContain("\u001b[2J");
    for (const line of terminal.text().split(/\r|\n|\u001b\[[0-9;]*[A-Za-z]|\u001b[78]/))
      expect(line.length).toBeLessThanOrEqual(60);
  });

  it("is silent when the stream is not a terminal", () => {
    expect(progressReporter("x", { isTTY: false, columns: 80, write: () => true }).onProgress).toBeUndefined();
  });
});

describe("the kernel reports progress during a run where every reference faults", () => {
  it("steadily, never backwards, never past the total", () => {
    // A scan of 300,000 pages with 4 frames: every reference is a page fault.
    const config = parseScenario(
      `{ "frames": 4, "apps": [ { "threads": [ { "workload": { "type": "scan", "pages": 300000 } } ] } ] }`,
      "scan.json",
    );
    const reports: number[] = [];
    new Kernel(config, { createPager, createScheduler }).run({
      onProgress: (done, total) => {
        expect(total).toBe(300_000);
        reports.push(done);
      },
    });
    expect(reports.length).toBeGreaterThanOrEqual(4);
    expect(reports.filter((done) => done < 300_000).length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < reports.length; i++) expect(reports[i]!).toBeGreaterThanOrEqual(reports[i - 1]!);
    expect(Math.max(...reports)).toBe(300_000);
  });
});
