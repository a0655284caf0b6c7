/**
 * Where an exercise was stopped, as the containment matrix names it (run.ts explains the order of
 * defences): the classification of a rejection, a load error or a run-time violation into an
 * `Outcome`, and whether it matches an exercise's `Expected:` line. Pure, so that the playground
 * gives the same verdicts in a page (web/, docs/PLAYGROUND.md).
 */
import { DEFAULT_LIMITS } from "../../sandbox/limits.js";
import type { Diagnostic } from "../diagnostics.js";
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

const STOP_OF_KIND: Readonly<Record<string, string>> = {
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

function stopOfFault(kind: string, message: string): string {
  if (kind === "sfi" || /^sfi\b/i.test(message) || /\bsfi check\b/i.test(message)) return "stopped: sfi check";
  return STOP_OF_KIND[kind] ?? `stopped: ${kind}`;
}

/** The limit a run-time stop hit, from the fault's message (the sandbox's limits otherwise). */
function limitOf(kind: string, message: string): string | undefined {
  const m = /budget of (\d+ polls)|more than (\d+ host calls)|the (\d+ ms) deadline|its (\d+ ms) of host time/.exec(message);
  if (m) return m[1] ?? m[2] ?? m[3] ?? m[4];
  if (kind === "memory") return `${DEFAULT_LIMITS.memoryBytes / 1048576} MiB`;
  if (kind === "stack") return `${DEFAULT_LIMITS.stackBytes / 1024} KiB`;
  return undefined;
}

/** A load error (the module threw or ran out of a limit while evaluated, a handler could not be bound). */
export function fromLoadProblem(p: LoadProblem): Outcome {
  const kind = p.code.startsWith("load/") ? p.code.slice(5) : p.code;
  const where = p.line > 0 ? `${p.line}:${p.column}` : undefined;
  const resource = ["budget", "timeout", "host-time", "memory", "stack", "sfi"].includes(kind);
  return resource ? outcome(stopOfFault(kind, p.message), "module evaluation", where, p.message) : outcome("rejected: load", p.code, where, p.message);
}

/** The first violation of a run, at `where` in the extension's source. */
export function fromViolation(kind: string, message: string, where: string | undefined): Outcome {
  return outcome(stopOfFault(kind, message), limitOf(kind, message), where, message);
}
