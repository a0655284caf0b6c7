/**
 * Run an example extension's handlers as trusted native functions (no sandbox): the same logic
 * and the same deterministic run, only faster. Used to cross-check the loader's figures.
 */
import { Kernel } from "../../kernel/machine/kernel.js";
import type { MachineConfig } from "../../kernel/config.js";
import type { RunReport } from "../../kernel/machine/report.js";
import type { EventName } from "../../kernel/events/catalogue.js";
import { nativeHandler } from "../../kernel/dispatcher/handler.js";
import { createPager, createScheduler } from "../../policies/index.js";

interface Definition {
  readonly name?: string;
  readonly handlers: Readonly<Record<string, unknown>>;
}

export async function runNative(config: MachineConfig, extensionFile: string, app = 0): Promise<RunReport> {
  const mod = (await import(extensionFile)) as { default: Definition };
  const kernel = new Kernel(config, { createPager, createScheduler });
  const principal = { kind: "application" as const, space: app, name: config.apps[app]!.name };
  for (const [event, spec] of Object.entries(mod.default.handlers)) {
    const fn = (typeof spec === "function" ? spec : (spec as { handler: unknown }).handler) as (a: unknown) => unknown;
    kernel.dispatcher.install(event as EventName, nativeHandler(`${extensionFile}#${event}`, fn as never), {
      principal,
      guard: { space: app },
      options: { cancel: true },
    });
  }
  return kernel.run({ check: true });
}
