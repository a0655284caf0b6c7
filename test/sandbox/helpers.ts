import { expect } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import type { ExtensionVM } from "../../sandbox/vm.js";
import { createSandboxVM, type SandboxOptions, type SandboxVM } from "../../sandbox/index.js";

/** Create a VM or fail the test with the fault. */
export async function makeVM(source: string, extra: Partial<SandboxOptions> = {}): Promise<SandboxVM> {
  const r = await createSandboxVM({ source, ...extra });
  if (!r.ok) throw new Error(`createSandboxVM failed: ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

/**
 * A server-placement VM of compiled `source`, or the test fails with the fault. Its deadline is
 * far off: a loaded machine must not answer for the budget and the bounds these tests ask about.
 */
export async function makeServerVM(source: string, filename: string): Promise<ExtensionVM> {
  const created = await createExtensionVM("server", { source, filename, seed: 1, limits: { timeoutMs: 60_000 } });
  if (!created.ok) throw created.error;
  return created.value;
}

/** Build an extension whose handlers are the given `event: functionSource` pairs. */
export function ext(handlers: Record<string, string>, prefix = ""): string {
  const body = Object.entries(handlers)
    .map(([ev, fn]) => `  ${JSON.stringify(ev)}: ${fn},`)
    .join("\n");
  return `import { defineExtension, kernel } from "spin-kernel/extension";\n${prefix}\nexport default defineExtension({ name: "t", handlers: {\n${body}\n} });\n`;
}

/** Dispose and check the runtime freed every object (QuickJS asserts on leaked handles). */
export function disposeClean(vm: SandboxVM): void {
  vm.dispose();
  expect(vm.state).toBe("disposed");
  expect(vm.cause).toBe("disposed");
}
