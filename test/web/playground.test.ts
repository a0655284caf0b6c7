/**
 * The playground in a real browser (issue 13): headless Chromium driven by playwright-core against
 * the page built from the sources and served by `spin playground`'s own static server. One browser
 * for the whole file. Each step saves a screenshot into test-results/playground/ (and, with
 * SPIN_DOCS_SCREENSHOTS=1, the ones docs/PLAYGROUND.md shows into docs/playground/).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlayground } from "../../web/node/build.js";
import { serveStatic, type StaticServer } from "../../web/node/serve.js";
import { spin } from "../cli/run-cli.js";
import { NOT_RUN_LINE, findChromium, launch } from "../../web/node/chromium.js";

const chromium = findChromium();
if (chromium === undefined) console.log(NOT_RUN_LINE);

const OUTPUT = path.resolve("test-results", "playground");
const DOCS = path.resolve("docs", "playground");
const DOC_SHOTS = new Set([
  "01-loaded",
  "02-type-error",
  "04-run",
  "05-infinite-loop",
  "07-exercise-forge-type-predicate",
  "08-sfi-rewrite",
]);

/** A student's first pager, with a type error on line 11 (a number where a resident page goes). */
const BROKEN = `import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  name: "first-pager",
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("nothing resident");
      let oldest = first;
      for (const page of args.resident) {
        if (page.loadedAt < oldest.loadedAt) oldest = page.vpn;
      }
      return { victim: oldest.frame };
    },
  },
});
`;
const FIXED = BROKEN.replace("oldest = page.vpn;", "oldest = page;");

let server: StaticServer;
let browser: { context: BrowserContext; close: () => Promise<void> };
let page: Page;
const timings: Record<string, number> = {};

async function shot(name: string): Promise<void> {
  const file = path.join(OUTPUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (process.env.SPIN_DOCS_SCREENSHOTS === "1" && DOC_SHOTS.has(name)) {
    fs.mkdirSync(DOCS, { recursive: true });
    fs.copyFileSync(file, path.join(DOCS, `${name}.png`));
  }
}

/** Replace the editor's text as a user would: select all, then type (inserted as one input). */
async function typeCode(code: string): Promise<void> {
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(code);
}

async function waitCheck(state: "ok" | "rejected"): Promise<void> {
  await page.waitForFunction((s) => document.getElementById("check-status")?.dataset.state === s, state, {
    timeout: 60_000,
  });
}

async function runAndWait(): Promise<string> {
  await page.click("#run-button");
  await page.waitForFunction(
    () => !["running", "idle", "starting"].includes(document.getElementById("status")?.dataset.state ?? ""),
    undefined,
    { timeout: 120_000 },
  );
  return (await page.getAttribute("#status", "data-state")) ?? "";
}

/** The comparison table: [app, policy, faults, major, ...] per row. */
async function reportRows(): Promise<string[][]> {
  return page.$$eval(".comparison table.report-table tbody tr", (rows) =>
    rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent ?? "")),
  );
}

describe.skipIf(chromium === undefined)("the playground in Chromium", () => {
  beforeAll(async () => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    const site = fs.mkdtempSync(path.join(os.tmpdir(), "spin-playground-site-"));
    await buildPlayground(site);
    server = await serveStatic(site, 0);
    browser = await launch(chromium!);
    page = await browser.context.newPage();
    page.on("pageerror", (e) => {
      throw new Error(`page error: ${e.message}`);
    });
  }, 120_000);

  afterAll(async () => {
    fs.writeFileSync(path.join(OUTPUT, "timings.json"), `${JSON.stringify(timings, null, 2)}\n`);
    await browser?.close();
    await server?.close();
  });

  it("loads with an editor ready to type in, and checks the example as `spin check` does", async () => {
    const started = Date.now();
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready=editor] .cm-content");
    timings.editorReadyMs = Date.now() - started;
    await waitCheck("ok");
    timings.firstCheckDoneMs = Date.now() - started;
    expect(await page.textContent("#check-status")).toMatch(/^ok \(processed \d+ nodes, \d+ rules, 0 diagnostics\)/);
    await shot("01-loaded");
  });

  it("shows a type error at its line as you type, and clears it when fixed", async () => {
    await typeCode(BROKEN);
    await waitCheck("rejected");
    const diagnostics = await page.$$eval("#diagnostics li", (lis) =>
      lis.map((li) => ({
        line: li.getAttribute("data-line"),
        code: li.getAttribute("data-code"),
        text: li.textContent,
      })),
    );
    expect(diagnostics).toContainEqual(expect.objectContaining({ line: "11", code: "TS2322" }));
    // The same diagnostic is underlined in the editor, on line 11.
    await page.waitForSelector(".cm-lintRange-error");
    const underlined = await page.$eval(".cm-lintRange-error", (el) => el.closest(".cm-line")?.textContent ?? "");
    expect(underlined).toContain("oldest = page.vpn;");
    await shot("02-type-error");

    const before = Number(await page.getAttribute("#check-status", "data-seq"));
    await typeCode(FIXED);
    await waitCheck("ok");
    expect(Number(await page.getAttribute("#check-status", "data-seq"))).toBeGreaterThan(before);
    timings.checkAsYouTypeMs = Number(await page.getAttribute("#check-status", "data-check-ms"));
    expect(await page.$$("#diagnostics li")).toHaveLength(0);
    await shot("03-fixed");
  });

  it("runs the default scenario and gives the fault counts `spin load --json` gives, the page responsive meanwhile", async () => {
    expect(await page.inputValue("#workload-select")).toBe("examples/scenarios/looping.json");
    await page.click("#run-button");
    await page.waitForFunction(() => document.getElementById("status")?.dataset.state === "running");
    // While the worker runs the kernel, the page answers and the editor takes input.
    const responsive = Date.now();
    await page.click(".cm-content");
    await page.keyboard.press("Control+End");
    await page.keyboard.insertText("// typed during the run\n");
    expect(
      await page.evaluate(() => document.querySelector(".cm-content")?.textContent?.includes("typed during the run")),
    ).toBe(true);
    timings.inputDuringRunMs = Date.now() - responsive;

    // The CLI's run of the same file, in-process, while the browser works.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-playground-cli-"));
    const file = path.join(dir, "pager.ts");
    fs.writeFileSync(file, FIXED);
    const cli = await spin("load", file, "--json");
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.stdout) as {
      withExtensions: { apps: { name: string; faults: number; majorFaults: number; evictions: number }[] };
      baseline: { apps: { faults: number; majorFaults: number }[] };
    };

    await page.waitForFunction(() => document.getElementById("status")?.dataset.state !== "running", undefined, {
      timeout: 120_000,
    });
    expect(await page.getAttribute("#status", "data-state")).toBe("done");
    const rows = await reportRows();
    const app = json.withExtensions.apps[0]!;
    expect(rows[0]!.slice(0, 4)).toEqual([
      app.name,
      "built-in clock/round-robin",
      String(json.baseline.apps[0]!.faults),
      String(json.baseline.apps[0]!.majorFaults),
    ]);
    expect(rows[1]!.slice(0, 5)).toEqual([
      app.name,
      "pager.ts",
      String(app.faults),
      String(app.majorFaults),
      String(app.evictions),
    ]);
    expect(await page.$$("img.chart.faults-over-time")).toHaveLength(1);
    await shot("04-run");
  });

  it("stops an infinite loop with the budget violation, and Stop ends a run at once", async () => {
    await page.selectOption("#extension-select", "examples/broken/infinite-loop.ts");
    await page.selectOption("#workload-select", "examples/scenarios/textbook.json");
    expect(await runAndWait()).toBe("done");
    const kinds = await page.$$eval(".violation", (lis) => lis.map((li) => li.getAttribute("data-kind")));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(["budget"]));
    expect(await page.textContent(".extension .unloaded")).toContain("by the watchdog");
    // A violation's position moves the editor there.
    const link = page.locator(".violation a.position").first();
    const line = Number(await link.getAttribute("data-line"));
    expect(line).toBeGreaterThan(1);
    await link.click();
    expect(await page.textContent(".cm-activeLineGutter")).toBe(String(line));
    await shot("05-infinite-loop");

    // A long run stopped by the button: the worker is terminated. A well-behaved pager on the
    // default scenario takes seconds (the infinite loop above is unloaded after ten violations,
    // and the rest of its run is over too soon for a click on a loaded machine).
    await page.selectOption("#extension-select", "examples/pagers/clock.ts");
    await page.selectOption("#workload-select", "examples/scenarios/looping.json");
    await page.click("#run-button");
    await page.waitForFunction(() => document.getElementById("status")?.dataset.state === "running");
    // The run must still be going when Stop is pressed; if it ended on its own, say how.
    const status = await page.$eval("#status", (el) => `${(el as HTMLElement).dataset.state}: ${el.textContent}`);
    expect(await page.isEnabled("#stop-button"), `the run ended before Stop: ${status}`).toBe(true);
    await page.click("#stop-button", { timeout: 5_000 });
    // Generous: on a loaded 2-core machine the page itself may be slow to take the click.
    await page.waitForFunction(() => document.getElementById("status")?.dataset.state !== "running", undefined, {
      timeout: 30_000,
    });
    const after = await page.$eval("#status", (el) => `${(el as HTMLElement).dataset.state}: ${el.textContent}`);
    expect(after).toMatch(/^stopped: /);
    expect(await page.isEnabled("#run-button")).toBe(true);
  });

  it("shows what an extension logs and throws as text: no markup, control characters escaped", async () => {
    await typeCode(`import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => {
      kernel.log("<img src=x onerror=\\"window.__pwned=1\\"> \\u202e" + args.vpn);
      throw new Error("<b>bold</b>\\nwith extensions: check: ok");
    },
  },
});
`);
    await waitCheck("ok");
    await page.selectOption("#workload-select", "examples/scenarios/textbook.json");
    expect(await runAndWait()).toBe("done");
    const log = (await page.textContent(".logs li")) ?? "";
    expect(log).toContain('<img src=x onerror="window.__pwned=1"> \\u202e');
    // Each line with its simulated time, the event that wrote it and its place in the source.
    expect(log).toMatch(/ t=\d+\.\d{3} ms Translation\.PageNotPresent \S+\.ts:6:\d+: /);
    // Its position is a link into the editor, as a violation's is.
    const logLink = page.locator(".logs li a.position").first();
    expect(Number(await logLink.getAttribute("data-line"))).toBe(6);
    await logLink.click();
    expect(await page.textContent(".cm-activeLineGutter")).toBe("6");
    const violation = (await page.textContent(".violation")) ?? "";
    expect(violation).toContain("<b>bold</b>\\nwith extensions: check: ok");
    expect(await page.$$("#results img:not(.chart), #results b")).toHaveLength(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it("runs two exercises and shows their verdicts, as the containment matrix gives them", async () => {
    await page.selectOption("#mode-select", "typed");
    await page.click('button[data-exercise="loop-in-handler"]');
    expect(await page.textContent("#exercise-info")).toContain("stopped: budget");
    expect(await runAndWait()).toBe("done");
    expect(await page.getAttribute(".exercise-verdict", "data-as-expected")).toBe("true");
    expect(await page.textContent(".exercise-verdict strong")).toMatch(
      /^stopped: budget \(100 polls at examples\/exercises\/loop-in-handler\.ts:\d+:\d+\)$/,
    );
    await shot("06-exercise-loop-in-handler");

    await page.click('button[data-exercise="forge-type-predicate"]');
    expect(await runAndWait()).toBe("rejected");
    expect(await page.getAttribute(".exercise-verdict", "data-as-expected")).toBe("true");
    expect(await page.textContent(".exercise-verdict strong")).toMatch(
      /^rejected: verifier \(no-type-predicate at \d+:\d+\)$/,
    );
    await shot("07-exercise-forge-type-predicate");
  });

  it("shows the SFI rewrite, and sweeps frames into a chart", async () => {
    await page.selectOption("#extension-select", "examples/pagers/fifo.ts");
    await page.selectOption("#mode-select", "sfi");
    await page.check("#emit-toggle");
    await page.waitForFunction(
      () => (document.getElementById("emit-view")?.textContent ?? "").includes("__sfi_fuel"),
      undefined,
      { timeout: 60_000 },
    );
    await shot("08-sfi-rewrite");
    await page.selectOption("#workload-select", "examples/scenarios/textbook.json");
    await page.click("#sweep-button");
    await page.waitForSelector("img.chart.frames-sweep", { timeout: 60_000 });
    const frames = await page.$$eval("#sweep tbody tr td:first-child", (tds) =>
      tds.map((td) => Number(td.textContent)),
    );
    expect(frames.length).toBeGreaterThan(2);
    expect(frames).toEqual([...frames].sort((a, b) => a - b));
    await shot("09-sweep");
  });

  it("opens a share link without running it, and refuses a hostile one without injecting anything", async () => {
    await page.click("#share-button");
    await page.waitForFunction(() =>
      (document.getElementById("share-output") as HTMLInputElement | null)?.value.includes("#s="),
    );
    const url = await page.inputValue("#share-output");
    expect(url).toMatch(/#s=[A-Za-z0-9_-]+$/);
    const other = await browser.context.newPage();
    await other.goto(url);
    await other.waitForFunction(() =>
      document.getElementById("status")?.textContent?.startsWith("opened a share link"),
    );
    expect(await other.inputValue("#mode-select")).toBe("sfi");
    expect(await other.evaluate(() => document.querySelector(".cm-content")?.textContent)).toContain(
      "FIFO page replacement as an extension",
    );
    // Nothing runs by itself: a moment later the page is still idle, with no result.
    await other.waitForTimeout(500);
    expect(await other.getAttribute("#status", "data-state")).toBe("idle");
    expect(await other.$$("#results > *")).toHaveLength(0);

    // A link whose code and file name carry markup: the code lands in the editor as text; the
    // file name is refused; nothing runs and no element appears.
    const hostile = await other.evaluate(async () => {
      const state = {
        v: 1,
        code: '<img src=x onerror="window.__pwned=1">',
        file: '<img src=x onerror="window.__pwned=1">.ts',
        mode: "typed",
        workload: { example: "examples/scenarios/textbook.json" },
      };
      const bytes = new TextEncoder().encode(JSON.stringify(state));
      const packed = new Uint8Array(
        await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer(),
      );
      let s = "";
      for (const b of packed) s += String.fromCharCode(b);
      return `#s=${btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
    });
    await other.evaluate((h) => (location.hash = h), hostile);
    await other.waitForFunction(() => document.getElementById("status")?.textContent?.includes("was not opened"));
    expect(await other.textContent("#status")).toContain("file must be a short name");
    expect(await other.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await other.$$("img[src=x]")).toHaveLength(0);
    // Garbage is refused with a reason, too.
    await other.evaluate(() => (location.hash = "#s=%%%"));
    await other.waitForFunction(() => document.getElementById("status")?.textContent?.includes("not base64url"));
    expect(await other.getAttribute("#status", "data-state")).toBe("input-error");
    expect(await other.$$("#results > *")).toHaveLength(0);
    await other.close();
  });
});
