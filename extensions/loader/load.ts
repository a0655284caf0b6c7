/**
 * The load pipeline, one extension at a time:
 *   read the file → the execution mode's checks and transpile (throws ExtensionRejected)
 *   → createSandboxVM (limits, a seed from the scenario's seed and the file name, the kernel's
 *     simulated clock) → the VM's manifest → one binding per handler, on behalf of the
 *     application the extension is attached to.
 * Then a watchdog (sched_ext's) counts each extension's violations through `dispatcher.onFault`
 * and, after `maxViolations`, takes all its bindings back and retires its VM; the run goes on
 * with the built-in policies.
 */
import { ensureTypeCheckFinishes } from "../check/time-limit.js";
import path from "node:path";
import type { Binding } from "../../kernel/dispatcher/binding.js";
import type { Kernel } from "../../kernel/machine/kernel.js";
import { SandboxHandlerDomain, toHandlerFault } from "../../sandbox/handler.js";
import { resolveLimits, type SandboxLimits } from "../../sandbox/limits.js";
import { SandboxUsageError } from "../../sandbox/errors.js";
import { createSandboxVM, type SandboxVM } from "../../sandbox/vm.js";
import { ExtensionAccount, extensionReport, type ExtensionReport } from "./account.js";
import { ExtensionInputError, ExtensionLoadError, problemAt } from "./errors.js";
import { installManifest } from "./install.js";
import { typedMode, type ExecutionMode } from "./modes.js";
import { apiDeclarationFile } from "./paths.js";
import { extensionFromText, hashSeed, readExtension } from "./source.js";
import { visible } from "../visible.js";

export interface ExtensionRequest {
  /** The extension's TypeScript file. */
  file: string;
  /** Application name; default: the first application of the scenario. */
  app?: string;
  /** The extension's text, when the caller holds it (the playground's editor); default: read `file`. */
  source?: string;
}

export interface LoadOptions {
  limits?: Partial<SandboxLimits>;
  /** Violations after which the watchdog unloads an extension (default 10). */
  maxViolations?: number;
  /** Host-time figures in the reports (not deterministic). */
  timing?: boolean;
  /** Check the kernel's invariants after every fault and disk completion. */
  check?: boolean;
  /** How the extension's code is trusted; default `typed`. */
  mode?: ExecutionMode;
  /** Time limit of the type check, against type-level bombs (default 10,000 ms). */
  typeCheckLimitMs?: number;
}

export const DEFAULT_MAX_VIOLATIONS = 10;

export interface LoadedExtension {
  readonly file: string;
  readonly name: string;
  readonly app: string;
  readonly space: number;
  readonly mode: string;
  readonly checks: string;
  readonly vm: SandboxVM;
  readonly bindings: readonly Binding[];
  readonly account: ExtensionAccount;
  readonly bootInstructions: number;
}

export interface LoadedExtensions {
  readonly extensions: readonly LoadedExtension[];
  /** Take an extension out (what the watchdog does); idempotent. */
  unload(ext: LoadedExtension, reason: string): void;
  /** Accounting of every extension, in load order. */
  reports(): ExtensionReport[];
  /** Free every VM (after the run). */
  dispose(): void;
}

/** Load every requested extension into `kernel` (before `kernel.run`). All or nothing. */
export async function loadExtensions(kernel: Kernel, requests: readonly ExtensionRequest[], options: LoadOptions = {}): Promise<LoadedExtensions> {
  const mode = options.mode ?? typedMode;
  const maxViolations = options.maxViolations ?? DEFAULT_MAX_VIOLATIONS;
  if (!Number.isInteger(maxViolations) || maxViolations < 1) throw new ExtensionInputError(`maxViolations must be an integer ≥ 1, got ${maxViolations}`);
  let limits: SandboxLimits;
  try {
    limits = resolveLimits(options.limits);
  } catch (error) {
    if (error instanceof SandboxUsageError) throw new ExtensionInputError(error.message);
    throw error;
  }
  const loaded: LoadedExtension[] = [];
  const owner = new Map<Binding, LoadedExtension>();
  const api = apiDeclarationFile();

  const unload = (ext: LoadedExtension, reason: string): void => {
    if (ext.account.unloaded) return;
    ext.account.unloaded = { atNs: kernel.now, reason, violations: ext.account.violationCount };
    for (const b of ext.bindings) if (b.installed) kernel.dispatcher.uninstall(b);
    // A dead (poisoned) VM is never touched again; dispose() knows and only drops references.
    ext.vm.dispose();
  };

  try {
    for (const request of requests) {
      const ext = await loadOne(kernel, request, mode, limits, api, options.typeCheckLimitMs);
      loaded.push(ext);
      for (const b of ext.bindings) owner.set(b, ext);
    }
  } catch (error) {
    for (const ext of loaded) unload(ext, "load of another extension failed");
    throw error;
  }

  kernel.dispatcher.onFault((binding, fault) => {
    const ext = owner.get(binding);
    if (!ext || ext.account.unloaded) return;
    ext.account.record(binding.event, fault, kernel.now);
    if (ext.vm.state !== "alive") {
      unload(ext, `its sandbox VM died (${ext.vm.cause ?? fault.message})`);
    } else if (ext.account.violationCount >= maxViolations) {
      unload(ext, `${ext.account.violationCount} violations (limit ${maxViolations})`);
    }
  });

  return {
    extensions: loaded,
    unload,
    reports: () =>
      loaded.map((ext) =>
        extensionReport({
          file: ext.file,
          name: ext.name,
          app: ext.app,
          mode: ext.mode,
          checks: ext.checks,
          bindings: ext.bindings,
          vm: ext.vm,
          bootInstructions: ext.bootInstructions,
          account: ext.account,
          timing: options.timing ?? false,
        }),
      ),
    dispose: () => {
      for (const ext of loaded) if (ext.vm.state !== "disposed") ext.vm.dispose();
    },
  };
}

/**
 * What `defineExtension({ name })` may declare: reports print it as one `key value` field, so it
 * is a short word (docs/EXTENSIONS.md). A name that is not is refused at load, not rewritten: the
 * author hears about it, and the report never shows a name the extension did not declare.
 */
export const EXTENSION_NAME_RULE = "1 to 64 letters, digits, '.', '_', '+' or '-', starting with a letter or a digit";
const EXTENSION_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._+-]{0,63}$/u;

export function isExtensionName(name: string): boolean {
  return EXTENSION_NAME.test(name);
}

async function loadOne(
  kernel: Kernel,
  request: ExtensionRequest,
  mode: ExecutionMode,
  limits: SandboxLimits,
  api: string,
  typeCheckLimitMs?: number,
): Promise<LoadedExtension> {
  const appName = request.app ?? kernel.apps[0]?.name;
  const app = kernel.apps.find((a) => a.name === appName);
  if (!app) {
    throw new ExtensionInputError(
      `${visible(request.file)}: no application named ${visible(JSON.stringify(appName) ?? "(none)")} in scenario ${visible(kernel.config.name)} (applications: ${kernel.apps.map((a) => visible(a.name)).join(", ")})`,
    );
  }
  const source = request.source !== undefined ? extensionFromText(request.file, request.source) : readExtension(request.file);
  await ensureTypeCheckFinishes(source.file, source.text, { apiDeclarationFile: api }, typeCheckLimitMs);
  const prepared = mode.prepare(source.file, source.text, { apiDeclarationFile: api });
  const base = path.basename(source.file);
  const jsName = base.replace(/\.(m|c)?ts$/, ".js");
  const created = await createSandboxVM({
    source: prepared.js,
    filename: jsName,
    limits,
    seed: hashSeed(`${kernel.config.seed}:${base}`),
    clock: () => kernel.now,
  });
  const positions = { sourceFile: source.file, mapPosition: prepared.mapPosition };
  if (!created.ok) {
    const fault = toHandlerFault(created.error, positions);
    const where = fault.position ? { line: fault.position.line, column: fault.position.column } : undefined;
    throw new ExtensionLoadError([problemAt(source.file, source.text, where, `load/${fault.kind}`, `while evaluating the module: ${fault.message}`)]);
  }
  const vm = created.value;
  const domain = new SandboxHandlerDomain(vm, positions);
  const declared = vm.manifest.name;
  if (declared !== null && !isExtensionName(declared)) {
    vm.dispose();
    throw new ExtensionLoadError([problemAt(source.file, source.text, undefined, "load/extension-name", `the extension's name ${visible(JSON.stringify(declared), 80)} is not a name: ${EXTENSION_NAME_RULE}`)]);
  }
  const name = declared ?? base.replace(/\.(m|c)?ts$/, "");
  const { bindings, problems } = installManifest({
    dispatcher: kernel.dispatcher,
    domain,
    manifest: vm.manifest,
    principal: { kind: "application", space: app.index, name: app.name },
    source,
    label: base,
  });
  if (problems.length > 0) {
    vm.dispose();
    throw new ExtensionLoadError(problems);
  }
  return {
    file: source.file,
    name,
    app: app.name,
    space: app.index,
    mode: mode.name,
    checks: prepared.statsLine,
    vm,
    bindings,
    account: new ExtensionAccount(),
    bootInstructions: vm.stats.instructions,
  };
}
