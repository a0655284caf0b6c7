/**
 * Attaching prepared extensions to a kernel: a sandbox VM each (limits, a seed from the
 * scenario's seed and the file name, the kernel's simulated clock), one binding per handler on
 * behalf of the application it is attached to, the time cap of each event, and the watchdog
 * (sched_ext's): it counts each extension's violations through `dispatcher.onFault` and, after
 * `maxViolations`, takes all its bindings back and retires its VM; the run goes on with the
 * built-in policies. Two violations unload at once, whatever `maxViolations` says: the VM's host
 * time for the run used up (`host-time`), and a call the host watchdog had to kill (it held the
 * host past its deadline inside code nothing could interrupt; each kill costs a replay of the
 * run, so at most one per extension keeps a run's cost bounded: supervised-run.ts).
 *
 * No TypeScript compiler here: this is what the simulation worker (supervised-worker.ts) loads,
 * after the main thread has checked and compiled the extensions (load.ts, prepare.ts).
 */
import path from "node:path";
import type { Binding, Principal } from "../../kernel/dispatcher/binding.js";
import { Dispatcher } from "../../kernel/dispatcher/dispatcher.js";
import type { Kernel } from "../../kernel/machine/kernel.js";
import type { CrossingCost } from "../../kernel/config.js";
import { WallClock, type CallClock, type EventDeadline } from "../../sandbox/call-clock.js";
import { FuelTally, SandboxHandlerDomain, toHandlerFault, type PositionMapper } from "../../sandbox/handler.js";
import type { SandboxLimits } from "../../sandbox/limits.js";
import type { HostFunction } from "../../sandbox/marshal.js";
import { Owned } from "../../sandbox/owned.js";
import type { ExtensionVM, SandboxOptions } from "../../sandbox/vm.js";
import { createExtensionVM } from "./engines.js";
import { ExtensionAccount, extensionReport, type ExtensionReport } from "./account.js";
import { ExtensionInputError, ExtensionLoadError, problemAt, type LoadProblem } from "./errors.js";
import { installManifest, type AppThread, type Locate } from "./install.js";
import { PLACEMENTS, engineOf, isPlacementName, type PlacementName } from "./mode-names.js";
import { visible } from "../visible.js";

export { DEFAULT_MAX_VIOLATIONS, MAX_VIOLATIONS_BOUND } from "./violations.js";

/**
 * The time cap of one event, all its sandboxed handlers together, as a multiple of one
 * invocation's timeout: a handler may use its whole timeout and another handler still has as
 * much, but the handlers of one event can no longer multiply the host time one event takes.
 */
export const EVENT_TIMEOUT_FACTOR = 2;

/** An extension checked and compiled by its execution mode, ready to run (prepare.ts). */
export interface PreparedExtension {
  /** As the user named it; positions in reports use this. */
  readonly file: string;
  /** The TypeScript source, for code frames (not sent to the simulation worker). */
  readonly text?: string;
  /** The application it is attached to. */
  readonly app: string;
  /** The placement's name (`typed`, `sfi`, `native`, `server`: mode-names.ts). */
  readonly mode: string;
  /** The ES module the sandbox evaluates. */
  readonly js: string;
  /** What the load-time checks did, for the report. */
  readonly statsLine: string;
  readonly mapPosition: PositionMapper;
  readonly locate: Locate;
  /** Where each handler gives its result, when it has a single `return` (source.ts, resultLocator). */
  readonly locateResult?: Locate;
}

export interface AttachOptions {
  readonly limits: SandboxLimits;
  readonly maxViolations: number;
  /** Host-time figures in the reports. */
  readonly timing: boolean;
  /** The time cap of one event, all its handlers together (ms). */
  readonly eventTimeoutMs: number;
  /** The clock every VM's deadlines are read from (one per simulation; default: the wall clock). */
  readonly callClock?: CallClock;
  /** Host functions every VM gets as `kernel.<name>` (tests, library users). */
  readonly hostFunctions?: Record<string, HostFunction>;
}

export interface LoadedExtension {
  readonly file: string;
  readonly name: string;
  readonly app: string;
  readonly space: number;
  readonly mode: string;
  readonly checks: string;
  readonly vm: ExtensionVM;
  readonly bindings: readonly Binding[];
  readonly account: ExtensionAccount;
  readonly bootInstructions: number;
  /** Its source map, to place its log lines in the TypeScript. */
  readonly mapPosition: PositionMapper;
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

/**
 * The deadline of the event being raised: it starts with the first sandboxed call of each raise,
 * on the clock every VM's calls are timed on (so a call killed in an earlier attempt, replayed as
 * failing at once, still counts the host time it took against its event: heartbeat.ts).
 */
export class EventTimeCap {
  private raise = -1;
  private at = 0;
  constructor(
    private readonly dispatcher: Dispatcher,
    readonly limitMs: number,
    private readonly clock: CallClock,
  ) {}

  readonly deadline = (): EventDeadline => {
    const raise = this.dispatcher.raiseCount;
    if (raise !== this.raise) {
      this.raise = raise;
      this.at = this.clock.now() + this.limitMs;
    }
    return { at: this.at, limitMs: this.limitMs };
  };
}

/** Extensions attached to one kernel, in load order. */
export class AttachedExtensions implements LoadedExtensions {
  readonly extensions: LoadedExtension[] = [];
  private readonly owner = new Map<Binding, LoadedExtension>();
  private readonly eventCap: EventTimeCap;
  /** One clock for every VM and the event caps: deadlines that span VMs are on one time line. */
  private readonly clock: CallClock;
  private watching = false;

  constructor(
    private readonly kernel: Kernel,
    private readonly options: AttachOptions,
  ) {
    this.clock = options.callClock ?? new WallClock();
    this.eventCap = new EventTimeCap(kernel.dispatcher, options.eventTimeoutMs, this.clock);
  }

  /** Boot the extension's VM and bind its handlers; throws ExtensionLoadError (nothing left bound). */
  async attach(ext: PreparedExtension): Promise<LoadedExtension> {
    const kernel = this.kernel;
    const app = kernel.apps.find((a) => a.name === ext.app);
    if (!app) {
      throw new ExtensionInputError(
        `${visible(ext.file)}: no application named ${visible(JSON.stringify(ext.app))} in scenario ${visible(kernel.config.name)} (applications: ${kernel.apps.map((a) => visible(a.name)).join(", ")})`,
      );
    }
    const base = path.basename(ext.file);
    const { vm, bindings } = await bootAndInstall(ext, {
      dispatcher: kernel.dispatcher,
      principal: { kind: "application", space: app.index, name: app.name },
      threads: app.threads.map((t) => ({ id: t.id, name: t.name })),
      limits: this.options.limits,
      seed: hashSeed(`${kernel.config.seed}:${base}`),
      clock: () => kernel.now,
      eventDeadline: this.eventCap.deadline,
      ...crossingOf(ext.mode),
      callClock: this.clock,
      ...(this.options.hostFunctions ? { hostFunctions: this.options.hostFunctions } : {}),
    });
    const name = vm.manifest.name ?? base.replace(/\.(m|c)?ts$/, "");
    const loaded: LoadedExtension = {
      file: ext.file,
      name,
      app: app.name,
      space: app.index,
      mode: ext.mode,
      checks: ext.statsLine,
      vm,
      bindings,
      account: new ExtensionAccount(),
      bootInstructions: vm.stats.instructions,
      mapPosition: ext.mapPosition,
    };
    this.extensions.push(loaded);
    for (const b of bindings) this.owner.set(b, loaded);
    return loaded;
  }

  readonly unload = (ext: LoadedExtension, reason: string): void => {
    if (ext.account.unloaded) return;
    ext.account.unloaded = { atNs: this.kernel.now, reason, violations: ext.account.violationCount };
    for (const b of ext.bindings) if (b.installed) this.kernel.dispatcher.uninstall(b);
    // A dead (poisoned) VM is never touched again; dispose() knows and only drops references.
    ext.vm.dispose();
  };

  /** Take every attached extension out (a later one failed to load: all or nothing). */
  unloadAll(reason: string): void {
    for (const ext of this.extensions) this.unload(ext, reason);
  }

  /** Start the watchdog, once every extension is attached. */
  watch(): this {
    if (this.watching) return this;
    this.watching = true;
    this.kernel.dispatcher.onFault((binding, fault) => {
      const ext = this.owner.get(binding);
      if (!ext) return;
      // Every fault is a violation, also those of a batch that was already running when the
      // watchdog unloaded the extension (its other handlers still ran and overran).
      ext.account.record(binding.event, fault, this.kernel.now);
      if (ext.account.unloaded) return;
      if (ext.vm.state !== "alive") {
        this.unload(ext, `its sandbox VM died (${ext.vm.cause ?? fault.message})`);
      } else if (fault.kind === "host-time") {
        this.unload(ext, `its calls used up its host time for the run (${ext.vm.limits.runTimeMs} ms)`);
      } else if (ext.vm.stats.killedCalls > 0) {
        this.unload(
          ext,
          "the host watchdog killed one of its calls (it held the host past its deadline and the grace)",
        );
      } else if (ext.account.violationCount >= this.options.maxViolations) {
        this.unload(ext, `${ext.account.violationCount} violations (limit ${this.options.maxViolations})`);
      }
    });
    return this;
  }

  reports(): ExtensionReport[] {
    return this.extensions.map((ext) =>
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
        timing: this.options.timing,
        mapPosition: ext.mapPosition,
      }),
    );
  }

  dispose(): void {
    for (const ext of this.extensions) if (ext.vm.state !== "disposed") ext.vm.dispose();
  }
}

export interface BootOptions {
  readonly dispatcher: Dispatcher;
  readonly principal: Extract<Principal, { kind: "application" }>;
  readonly limits: SandboxLimits;
  readonly seed: number;
  readonly clock: () => number;
  readonly eventDeadline?: () => EventDeadline;
  readonly callClock?: CallClock;
  readonly hostFunctions?: Record<string, HostFunction>;
  /** Where the VM's QuickJS comes from (SandboxOptions.engine); default: a fresh isolated instance. */
  readonly engine?: SandboxOptions["engine"];
  /** What entering the extension costs in simulated time (its placement's crossing); none: nothing is charged. */
  readonly crossing?: CrossingCost;
  /** The application's threads, for guards that name one (InstallRequest.threads). */
  readonly threads?: readonly AppThread[];
}

/** Where the exact fuel of an extension in placement `mode` comes from (SandboxDomainOptions.fuel). */
export function fuelSource(mode: string): FuelTally | "instructions" {
  return engineOf(mode) === "quickjs" ? new FuelTally() : "instructions";
}

/** The crossing of the placement named `mode` (mode-names.ts, PLACEMENTS), as BootOptions take it. */
export function crossingOf(mode: string): { crossing?: CrossingCost } {
  const facts = Object.hasOwn(PLACEMENTS, mode) ? PLACEMENTS[mode as PlacementName] : undefined;
  return facts === undefined ? {} : { crossing: facts.crossing };
}

/**
 * The load-time steps after the checks: evaluate the module in a new sandbox VM, read what it
 * registered, check its declared name, install every handler on behalf of `principal` (or none).
 * Throws ExtensionLoadError, with the VM disposed (as it is whatever else throws), when the module throws or the manifest is
 * refused (a name that is not one, an unknown event, invalid options or guard, First and Last
 * together, a guard key the event does not have). `spin load` (attach) and `spin check`
 * (load-check.ts) both go through here.
 */
export async function bootAndInstall(
  ext: Pick<PreparedExtension, "file" | "text" | "js" | "mapPosition" | "locate" | "locateResult"> & {
    readonly mode?: string;
  },
  opts: BootOptions,
): Promise<{ vm: ExtensionVM; bindings: Binding[] }> {
  const base = path.basename(ext.file);
  const jsName = base.replace(/\.(m|c)?ts$/, ".js");
  // A mode that is not a placement (a test's or an embedder's own ExecutionMode, such as an
  // unchecked one) runs in QuickJS, as every mode did before placements.
  const mode = ext.mode !== undefined && isPlacementName(ext.mode) ? ext.mode : "typed";
  // The exact fuel of each crossing (what simulated time charges besides the crossing): in
  // QuickJS, as the runtime's handler wrapper reports it (typed's counting rewrite, SFI's fuel
  // pass) to an `sfiFuel` host function; in V8, the engine's own meter counts fuel units.
  const fuel = fuelSource(mode);
  const hostFunctions =
    fuel instanceof FuelTally ? { ...opts.hostFunctions, sfiFuel: fuel.report } : opts.hostFunctions;
  const created = await createExtensionVM(mode, {
    source: ext.js,
    filename: jsName,
    limits: opts.limits,
    seed: opts.seed,
    clock: opts.clock,
    ...(opts.callClock ? { callClock: opts.callClock } : {}),
    ...(hostFunctions ? { hostFunctions } : {}),
    ...(opts.engine ? { engine: opts.engine } : {}),
  });
  const positions = {
    sourceFile: ext.file,
    mapPosition: ext.mapPosition,
    fuel,
    ...(opts.crossing ? { crossing: opts.crossing } : {}),
    ...(opts.eventDeadline ? { eventDeadline: opts.eventDeadline } : {}),
  };
  if (!created.ok) {
    const fault = toHandlerFault(created.error, positions);
    const where = fault.position ? { line: fault.position.line, column: fault.position.column } : undefined;
    throw new ExtensionLoadError([
      {
        ...problemAt(ext.file, ext.text, where, `load/${fault.kind}`, `while evaluating the module: ${fault.message}`),
        fault: fault.kind,
      },
    ]);
  }
  // Ours until its handlers are installed: whatever is refused, or throws, below leaves no VM behind.
  using owned = new Owned();
  const vm = owned.own(created.value);
  const declared = vm.manifest.name;
  if (declared !== null && !isExtensionName(declared)) {
    throw new ExtensionLoadError([
      problemAt(
        ext.file,
        ext.text,
        undefined,
        "load/extension-name",
        `the extension's name ${visible(JSON.stringify(declared), 80)} is not a name: ${EXTENSION_NAME_RULE}`,
      ),
    ]);
  }
  const { bindings, problems } = installManifest({
    dispatcher: opts.dispatcher,
    domain: new SandboxHandlerDomain(vm, positions),
    manifest: vm.manifest,
    principal: opts.principal,
    file: ext.file,
    ...(ext.text !== undefined ? { text: ext.text } : {}),
    locate: ext.locate,
    ...(ext.locateResult !== undefined ? { locateResult: ext.locateResult } : {}),
    label: base,
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
  });
  if (problems.length > 0) throw new ExtensionLoadError(problems);
  owned.handOver();
  return { vm, bindings };
}

/** The stand-in application `spin check` installs an extension's handlers for (load-check.ts). */
export const CHECK_APP = "(spin check)";

/**
 * `spin check`'s last step (load-check.ts), in the thread that runs it (the supervised worker):
 * evaluate the module and install its handlers into a throwaway dispatcher on behalf of a
 * stand-in application; the load-time problems, none when the extension would load.
 */
export async function bootProblems(
  ext: Pick<PreparedExtension, "file" | "text" | "js" | "mapPosition" | "locate" | "mode">,
  options: { readonly limits: SandboxLimits; readonly callClock?: CallClock },
): Promise<LoadProblem[]> {
  try {
    const { vm } = await bootAndInstall(ext, {
      dispatcher: new Dispatcher(),
      principal: { kind: "application", space: 0, name: CHECK_APP },
      limits: options.limits,
      seed: hashSeed(path.basename(ext.file)),
      clock: () => 0,
      ...(options.callClock ? { callClock: options.callClock } : {}),
    });
    vm.dispose();
    return [];
  } catch (error) {
    if (error instanceof ExtensionLoadError) return [...error.problems];
    throw error;
  }
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

/** A locator over positions found by `locateAll` (source.ts) where the source was parsed. */
export function locator(locations: {
  readonly names: readonly (readonly [string, { line: number; column: number }])[];
  readonly define?: { line: number; column: number };
}): Locate {
  const byName = new Map(locations.names);
  return (event) => byName.get(event) ?? locations.define;
}

/** Where each handler gives its result, for the handlers that have a single `return` (HandlerLocations.results). */
export function resultLocator(locations: {
  readonly results?: readonly (readonly [string, { line: number; column: number }])[];
}): Locate {
  const byEvent = new Map(locations.results ?? []);
  return (event) => byEvent.get(event);
}

/** A 32-bit FNV-1a hash, for seeds derived from names. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
