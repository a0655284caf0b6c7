/**
 * Where an exercise was stopped, as the containment matrix names it (run.ts explains the order of
 * defences): the classification of a rejection, a load error or a run-time violation into an
 * `Outcome`, and whether it matches an exercise's `Expected:` line. Pure, so that the playground
 * gives the same verdicts in a page (web/, docs/PLAYGROUND.md).
 */
import { DEFAULT_LIMITS, type SandboxLimits } from "../../sandbox/limits.js";
import type { Diagnostic } from "../diagnostics.js";
import type { FaultKind } from "../../kernel/dispatcher/handler.js";
import type { ViolationRecord } from "../loader/account.js";
import type { LoadProblem } from "../loader/errors.js";

/** Type-check time limit of an exercise (the type-level bombs must hit it; real extensions take ~50 ms warm). */
export const TYPECHECK_LIMIT_MS = 3_000;

export interface Outcome {
  /** The stopping point, e.g. `stopped: budget`, `rejected: verifier`, `ESCAPED`. */
  readonly stop: string;
  /** TS code, rule id, or limit. */
  readonly code?: string;
  /** Where in the extension's source: `line 12`, `12:5`, or `file.ts:12:5`. */
  readonly where?: string;
  /** The diagnostic's or the fault's message. */
  readonly message?: string;
  /** `stop (code at where)`: what the matrix shows. */
  readonly label: string;
}

function label(stop: string, code?: string, where?: string): string {
  if (code === undefined && where === undefined) return stop;
  if (code === undefined) return `${stop} (at ${where})`;
  return where === undefined ? `${stop} (${code})` : `${stop} (${code} at ${where})`;
}

export function outcome(stop: string, code?: string, where?: string, message?: string): Outcome {
  return {
    stop,
    ...(code !== undefined ? { code } : {}),
    ...(where !== undefined ? { where } : {}),
    ...(message !== undefined ? { message } : {}),
    label: label(stop, code, where),
  };
}

/** `Expected:` may list alternatives: `stopped: memory | stopped: timeout`. Each is `stop` or `stop (code)`. */
export function matchesExpected(o: Outcome, expected: string): boolean {
  return expected.split("|").some((alt) => {
    const m = /^\s*(.*?)\s*(?:\(([^)]*)\))?\s*$/.exec(alt);
    if (!m) return false;
    const [, stop, code] = m;
    return stop === o.stop && (code === undefined || code === o.code);
  });
}

export function fromDiagnostic(d: Diagnostic): Outcome {
  if (d.code === "typecheck-timeout") {
    const limit = /memory/.test(d.message) ? d.message.replace(/^.*\((.*)\).*$/, "$1") : `${TYPECHECK_LIMIT_MS} ms`;
    return outcome("rejected: type-check time limit", limit, undefined, d.message);
  }
  if (d.code.startsWith("sfi/")) return outcome("rejected: sfi rewrite", d.code, `${d.line}:${d.column}`, d.message);
  if (d.source === "typescript") return outcome("rejected: type check", d.code, `line ${d.line}`, d.message);
  return outcome("rejected: verifier", d.code, `${d.line}:${d.column}`, d.message);
}

/** Where the matrix says an extension was stopped, for each way a handler can fail. */
const STOP_OF_KIND: Readonly<Record<FaultKind, string>> = {
  budget: "stopped: budget",
  timeout: "stopped: timeout",
  "host-time": "stopped: host time",
  memory: "stopped: memory",
  stack: "stopped: stack",
  "invalid-result": "refused: kernel validation",
  exception: "contained: exception",
  "unresolved-promise": "contained: unresolved promise",
  dead: "stopped: dead VM",
  sfi: "stopped: sfi check",
};

/** Faults of a module's evaluation that are a limit (or an SFI trap) stopping it, not a refusal of the load. */
const STOPPED_WHILE_EVALUATED: ReadonlySet<FaultKind> = new Set([
  "budget",
  "timeout",
  "host-time",
  "memory",
  "stack",
  "sfi",
]);

/** The limits a run's memory and stack stops are labelled with. */
type RunLimits = Pick<SandboxLimits, "memoryBytes" | "stackBytes">;

/**
 * The limit a run-time stop hit: the fault's own (budget, timeout), or the limit the run was
 * given (an exercise's `Limits:` over the defaults: red team 16 found the runner reading the
 * defaults where a header set its own).
 */
function limitOf(kind: FaultKind, limit: string | undefined, limits: RunLimits): string | undefined {
  if (limit !== undefined) return limit;
  if (kind === "memory") return `${limits.memoryBytes / 1048576} MiB`;
  if (kind === "stack") return `${limits.stackBytes / 1024} KiB`;
  return undefined;
}

/** A load error (the module threw or ran out of a limit while evaluated, a handler could not be bound), by its fault's kind. */
export function fromLoadProblem(p: LoadProblem): Outcome {
  const where = p.line > 0 ? `${p.line}:${p.column}` : undefined;
  return p.fault !== undefined && STOPPED_WHILE_EVALUATED.has(p.fault)
    ? outcome(STOP_OF_KIND[p.fault], "module evaluation", where, p.message)
    : outcome("rejected: load", p.code, where, p.message);
}

/** The first violation of a run, at `where` in the extension's source, by its kind (and the limit it hit). */
export function fromViolation(
  v: Pick<ViolationRecord, "kind" | "message" | "limit">,
  where: string | undefined,
  limits: RunLimits = DEFAULT_LIMITS,
): Outcome {
  return outcome(STOP_OF_KIND[v.kind], limitOf(v.kind, v.limit, limits), where, v.message);
}
