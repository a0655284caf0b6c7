/**
 * Accounting per extension, Nemesis style: everything an extension spends (invocations,
 * sandbox instructions, violations, host time) is charged to the extension that spent it, and the
 * report says so in stable, deterministic terms (host time only when asked for).
 */
import type { Binding } from "../../kernel/dispatcher/binding.js";
import type { FaultKind, HandlerFault } from "../../kernel/dispatcher/handler.js";
import type { EventName } from "../../kernel/events/catalogue.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { formatPosition, type PositionMapper } from "../../sandbox/handler.js";
import type { LogEntry } from "../../sandbox/host-functions.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

/** How many violations a report lists in full (the rest are only counted). */
export const VIOLATIONS_KEPT = 10;

export interface ViolationRecord {
  readonly kind: FaultKind;
  readonly message: string;
  /** The limit a `budget` or `timeout` violation hit: `100 polls`, `1000 host calls`, `2000 ms`. */
  readonly limit?: string;
  /** In the TypeScript source: `file.ts:12:5`. */
  readonly position?: string;
  /** Simulated time of the violation. */
  readonly atNs: number;
  readonly event: EventName;
}

export interface UnloadRecord {
  readonly atNs: number;
  readonly reason: string;
  readonly violations: number;
}

export interface ExtensionReport {
  readonly file: string;
  readonly name: string;
  readonly app: string;
  readonly mode: string;
  readonly handlers: readonly { readonly event: EventName; readonly bindingId: number }[];
  /** Handler invocations (a batch of n handlers in one crossing counts n). */
  readonly invocations: number;
  /** Sandbox instructions, in interrupt polls (1 poll = 10,000 QuickJS ticks), evaluation excluded. */
  readonly instructions: number;
  /** Exact work in fuel units (loop back-edges and function entries of its own code), evaluation excluded. */
  readonly fuel: number;
  /** Simulated time charged for its invocations: crossings into its placement plus fuel (ns; docs/MACHINE.md). */
  readonly chargedNs: number;
  readonly violationCount: number;
  readonly violationsByKind: Readonly<Partial<Record<FaultKind, number>>>;
  /** The first few, in order. */
  readonly violations: readonly ViolationRecord[];
  readonly unloaded?: UnloadRecord;
  /** `processed N nodes, ...` from the load-time checks. */
  readonly checks: string;
  /** Log lines the extension wrote with kernel.log and the sandbox kept (its first maxLogEntries). */
  readonly logLines: number;
  /** The kept lines themselves, in order, each with its simulated time, event and place in the source. */
  readonly logs: readonly LogLine[];
  /** Lines written past the sandbox's cap: counted, not kept. */
  readonly logDropped: number;
  /** Host time in its handlers (ns); only with `timing`. */
  readonly hostNs?: number;
}

/** One `kernel.log` line as reports show it. The text is the extension's own: escape it before printing. */
export interface LogLine {
  /** Simulated time it was written (ns). */
  readonly atNs: number;
  /** The event whose handler wrote it; null while the module was evaluated. */
  readonly event: string | null;
  /** Where in the TypeScript source: `file.ts:12:5` (absent when the stack said nothing usable). */
  readonly position?: string;
  /** Written by a promise job (LogEntry.fromJob): why a line with no frame of the extension's has no position. */
  readonly fromJob?: true;
  readonly text: string;
}

/**
 * A log entry placed in the TypeScript source: the innermost frame of the extension's file that
 * the source map knows (the SFI runtime's own lines, which it does not, are passed over).
 */
export function logLine(entry: LogEntry, file: string, mapPosition: PositionMapper | undefined): LogLine {
  let position: string | undefined;
  for (const f of entry.frames) {
    const at = mapPosition
      ? mapPosition(f.line, Math.max(1, f.column))
      : { line: f.line, column: Math.max(1, f.column) };
    if (at !== undefined) {
      position = `${file}:${at.line}:${at.column}`;
      break;
    }
  }
  return {
    atNs: entry.atNs,
    event: entry.event,
    ...(position === undefined ? {} : { position }),
    ...(entry.fromJob === true ? { fromJob: true as const } : {}),
    text: entry.text,
  };
}

/** A run's report with the report of each extension loaded into it. */
export type ExtensionRunReport = RunReport & { readonly extensions: ExtensionReport[] };

export class ExtensionAccount {
  violationCount = 0;
  readonly byKind = new Map<FaultKind, number>();
  readonly violations: ViolationRecord[] = [];
  unloaded: UnloadRecord | undefined;

  record(event: EventName, fault: HandlerFault, atNs: number): void {
    this.violationCount++;
    this.byKind.set(fault.kind, (this.byKind.get(fault.kind) ?? 0) + 1);
    if (this.violations.length < VIOLATIONS_KEPT) {
      const position = formatPosition(fault.position);
      this.violations.push({
        kind: fault.kind,
        message: fault.message,
        ...(fault.limit === undefined ? {} : { limit: fault.limit }),
        ...(position ? { position } : {}),
        atNs,
        event,
      });
    }
  }
}

export interface ReportInputs {
  readonly file: string;
  readonly name: string;
  readonly app: string;
  readonly mode: string;
  readonly checks: string;
  readonly bindings: readonly Binding[];
  readonly vm: ExtensionVM;
  /** VM instructions spent evaluating the module (not charged to handlers). */
  readonly bootInstructions: number;
  readonly account: ExtensionAccount;
  readonly timing: boolean;
  /** The extension's source map, to place its log lines (none: positions stay in the JavaScript). */
  readonly mapPosition?: PositionMapper;
}

export function extensionReport(x: ReportInputs): ExtensionReport {
  let invocations = 0;
  let hostNs = 0;
  let fuel = 0;
  let chargedNs = 0;
  for (const b of x.bindings) {
    invocations += b.account.invocations;
    hostNs += b.account.hostNs;
    fuel += b.account.fuel;
    chargedNs += b.account.chargedNs;
  }
  const a = x.account;
  return {
    file: x.file,
    name: x.name,
    app: x.app,
    mode: x.mode,
    handlers: x.bindings.map((b) => ({ event: b.event, bindingId: b.id })),
    invocations,
    instructions: x.vm.stats.instructions - x.bootInstructions,
    fuel,
    chargedNs,
    violationCount: a.violationCount,
    violationsByKind: Object.fromEntries([...a.byKind.entries()].sort(([p], [q]) => (p < q ? -1 : 1))),
    violations: [...a.violations],
    ...(a.unloaded ? { unloaded: a.unloaded } : {}),
    checks: x.checks,
    logLines: x.vm.logs.length,
    logs: x.vm.logs.map((entry) => logLine(entry, x.file, x.mapPosition)),
    logDropped: x.vm.stats.logDropped,
    ...(x.timing ? { hostNs: Math.round(hostNs) } : {}),
  };
}
