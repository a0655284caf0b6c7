/**
 * The browser the playground's tests drive: Debian's Chromium (apt-get install -y chromium), or
 * the one SPIN_CHROMIUM names, launched headless by playwright-core with a fresh profile. Where
 * there is none, the tests do not run and say so in one line (never silently).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext } from "playwright-core";

/** SPIN_CHROMIUM, when set, is the only browser looked for; otherwise Debian's package. */
export const CHROMIUM_CANDIDATES = process.env.SPIN_CHROMIUM
  ? [process.env.SPIN_CHROMIUM]
  : ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

export function findChromium(): string | undefined {
  return CHROMIUM_CANDIDATES.find((p) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  });
}

export const NOT_RUN_LINE =
  "browser tests did not run: no Chromium found (looked for " +
  CHROMIUM_CANDIDATES.join(", ") +
  "); install it with `apt-get install -y chromium` (or set SPIN_CHROMIUM=/path/to/chromium) and run `npx vitest run test/web`";

/** The flags the project launches Chromium with (no network of its own, no GPU, no sandbox for root in CI). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launch(executablePath: string): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const { chromium } = await import("playwright-core");
  // A fresh --user-data-dir each time (playwright passes it for a persistent context).
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "spin-playground-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
