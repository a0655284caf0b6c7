/**
 * The extensions a dispatch sweep installs: no-op extensions of K handlers (or the user's
 * `--ext`), checked once per placement and booted as many times as a configuration needs, kept
 * across configurations and disposed at the end; and the dispatcher they are installed into.
 */
import path from "node:path";
import { Dispatcher } from "../../kernel/dispatcher/dispatcher.js";
import { nativeHandler } from "../../kernel/dispatcher/handler.js";
import { catalogue, type EventName } from "../../kernel/events/catalogue.js";
import { FuelTally, SandboxHandlerDomain } from "../../sandbox/handler.js";
import type { ExtensionVM } from "../../sandbox/vm.js";
import { DEFAULT_LIMITS, MEASURING_LIMITS } from "../../sandbox/limits.js";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { fuelSource } from "../../extensions/loader/attach.js";
import { executionModes } from "../../extensions/loader/modes.js";
import { apiDeclarationFile } from "../../extensions/loader/paths.js";
import { visible } from "../../extensions/visible.js";
import { NOOP_RESULT } from "./events.js";
import type { ModeName, SweepOptions } from "./options.js";
import { DispatchInputError } from "./result.js";

/** The event every handler is also installed on with --other-event: one the sweep never raises. */
export function otherEventOf(event: EventName): EventName {
  return event === "Disk.IOComplete" ? "Strand.Unblock" : "Disk.IOComplete";
}

/** TypeScript of a no-op extension with `k` handlers on `event` (and on `other`, never raised). */
function noopSource(event: EventName, k: number, other: EventName): string {
  const list = Array.from({ length: k }, () => "h").join(", ");
  const otherList = Array.from({ length: k }, () => "o").join(", ");
  return `import { defineExtension, type Handler } from "spin-kernel/extension";
const h: Handler<"${event}"> = (args) => ${NOOP_RESULT[event].ts};
const o: Handler<"${other}"> = (args) => ${NOOP_RESULT[other].ts};
export default defineExtension({ name: "noop-${k}", handlers: {
  "${event}": [${list}],
  "${other}": [${otherList}],
} });
`;
}

/** Combine many results: the most frequent (by its JSON), the last of equals; bounded by the results. */
function vote<T>(results: readonly T[]): T {
  const counts = new Map<string, number>();
  let best = results[results.length - 1] as T;
  let bestCount = 0;
  for (const r of results) {
    const key = JSON.stringify(r) ?? "undefined";
    const c = (counts.get(key) ?? 0) + 1;
    counts.set(key, c);
    if (c >= bestCount) {
      bestCount = c;
      best = r;
    }
  }
  return best;
}

export function makeDispatcher(event: EventName, result: SweepOptions["result"]): Dispatcher {
  const d = new Dispatcher();
  d.timing = true;
  for (const ev of Object.keys(catalogue) as EventName[]) {
    const answer = NOOP_RESULT[ev].js;
    d.setDefault(ev, nativeHandler(`default:${ev}`, ((args: never) => answer(args)) as never));
  }
  if (result === "vote") d.setResultHandler(event, vote as never);
  return d;
}

/** The first M VMs of one prepared extension (noop with K handlers, or the user's file), per kind. */
export interface Prepared {
  readonly js: string;
  readonly file: string;
  readonly mapPosition?: (line: number, column: number) => { line: number; column: number } | undefined;
  /** Indexes of its handlers on the swept event. */
  readonly indexes: number[];
  readonly domains: SandboxHandlerDomain[];
}

/** Every VM of a sweep, created once and reused across configurations; disposed at the end. */
export class VmPool {
  private readonly prepared = new Map<string, Prepared>();
  readonly all: ExtensionVM[] = [];

  constructor(
    private readonly event: EventName,
    private readonly ext: { file: string; text: string } | undefined,
  ) {}

  private prepare(kind: ModeName, k: number): Prepared {
    const id = `${kind}/${this.ext ? "ext" : k}`;
    let p = this.prepared.get(id);
    if (p) return p;
    const file = this.ext ? this.ext.file : `noop-${k}.ts`;
    const text = this.ext ? this.ext.text : noopSource(this.event, k, otherEventOf(this.event));
    const out = executionModes[kind].prepare(file, text, { apiDeclarationFile: apiDeclarationFile() });
    p = { js: out.js, file, mapPosition: out.mapPosition, indexes: [], domains: [] };
    this.prepared.set(id, p);
    return p;
  }

  /** M domains of `kind` with K handlers each on the event (K ignored for --ext). */
  async domains(kind: ModeName, k: number, m: number, onCreated?: () => void): Promise<Prepared> {
    const p = this.prepare(kind, k);
    while (p.domains.length < m) {
      const fuel = fuelSource(kind);
      const created = await createExtensionVM(kind, {
        source: p.js,
        filename: `${path.basename(p.file, ".ts")}-${p.domains.length}.js`,
        // The fuel count reports each handler's units through one host call: a crossing of K
        // handlers makes K of them, which the default limit (1,000 per crossing) would refuse
        // past K = 1,000 (the loader binds at most 8 handlers per event; the bench goes to 4,096).
        limits: { ...MEASURING_LIMITS, maxHostCalls: Math.max(DEFAULT_LIMITS.maxHostCalls, 2 * k + 16) },
        ...(fuel instanceof FuelTally ? { hostFunctions: { sfiFuel: fuel.report } } : {}),
      });
      if (!created.ok) {
        if (this.ext)
          throw new DispatchInputError(
            `--ext ${visible(this.ext.file, 200)}: its module failed in ${kind}: ${visible(created.error.message, 200)}`,
          );
        throw new Error(`bench setup: a no-op extension failed in ${kind}: ${created.error.message}`);
      }
      this.all.push(created.value);
      const list = created.value.manifest.events[this.event] ?? [];
      if (p.indexes.length === 0) {
        if (list.length === 0) {
          const has = Object.keys(created.value.manifest.events).join(", ") || "none";
          throw new DispatchInputError(
            `--ext ${visible(this.ext?.file ?? "", 200)} has no handler for ${this.event} (its events: ${visible(has, 200)}); give --event one of them`,
          );
        }
        p.indexes.push(...list.map((_, i) => i));
      }
      p.domains.push(
        new SandboxHandlerDomain(created.value, {
          sourceFile: p.file,
          ...(p.mapPosition ? { mapPosition: p.mapPosition } : {}),
          fuel,
        }),
      );
      onCreated?.();
    }
    return p;
  }

  dispose(): void {
    for (const vm of this.all) if (vm.state !== "disposed") vm.dispose();
  }
}
