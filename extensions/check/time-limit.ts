/**
 * The type check of an extension under a time (and memory) limit, before the in-process checks.
 *
 * TypeScript's checker is synchronous: a type-level bomb (deeply recursive conditional types)
 * would hold `spin load` or `spin check` for minutes, or exhaust the heap. So the type check
 * runs first in the worker of timeout.ts, which is terminated past the limit; only an extension
 * whose check finished there is checked again in-process (warm, and known to finish), where the
 * verifier needs the program. The worker starts cold (the ES library is parsed once), so it is
 * warmed without a limit first: the limit measures the extension, not the start-up.
 */
import { ExtensionRejected, type Diagnostic } from "../diagnostics.js";
import type { TypeCheckOptions } from "./index.js";
import { DEFAULT_TYPECHECK_LIMIT_MS, TYPECHECK_TIMEOUT } from "./limits.js";
import type { ModeSpec } from "../loader/mode-names.js";
import type { PreparedData } from "../loader/prepare-data.js";
import {
  earlierRefusal,
  prepareWithTimeout,
  typeCheckWithTimeout,
  typeCheckWorkerGeneration,
  typeCheckWorkerScript,
} from "./timeout.js";

export { DEFAULT_TYPECHECK_LIMIT_MS };

const WARM_UP_SOURCE =
  'import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ handlers: {} });\n';
let warmFor: string | undefined;

/** Which type-check worker (typeCheckWorkerGeneration) has been warmed last, if any: for tests. */
export function warmedWorker(): number | undefined {
  const m = warmFor === undefined ? null : /#(\d+)$/.exec(warmFor);
  return m === null ? undefined : Number(m[1]);
}

/** The worker starts cold: one check of a trivial extension, without a limit, parses the library. */
async function warmUp(file: string, opts: TypeCheckOptions): Promise<void> {
  // Per worker: after stopTypeCheckWorker (a test's afterAll, the exercise runner) the next
  // worker is cold, and a student's first run on a busy machine was refused for its start-up.
  const running = typeCheckWorkerGeneration();
  if (running !== undefined && warmFor === `${opts.apiDeclarationFile}#${running}`) return;
  await typeCheckWithTimeout(`${file}.warm-up.ts`, WARM_UP_SOURCE, opts, 120_000);
  const warmed = typeCheckWorkerGeneration();
  warmFor = warmed === undefined ? undefined : `${opts.apiDeclarationFile}#${warmed}`;
}

/** The timeout diagnostics (if any) with what they mean for the author. */
function limitExceeded(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .filter((d) => d.code === TYPECHECK_TIMEOUT)
    .map((d) => ({
      ...d,
      message: `${d.message}: the type check is limited so that a type-level bomb cannot hold the kernel; simplify the types`,
    }));
}

/**
 * Every diagnostic of the type check of `file`, run in the worker under `limitMs`; a check that
 * does not finish gives one `typecheck-timeout` diagnostic. The worker is warmed first, so that
 * the limit measures the extension and not the start-up. Needs the built worker.
 */
export async function typeCheckWithinLimit(
  file: string,
  source: string,
  opts: TypeCheckOptions,
  limitMs: number,
): Promise<Diagnostic[]> {
  const earlier = earlierRefusal(file, source, opts, limitMs);
  if (earlier !== undefined) return earlier;
  await warmUp(file, opts);
  const diagnostics = await typeCheckWithTimeout(file, source, opts, limitMs);
  // A check past its limit terminated the worker: the next one starts cold.
  if (diagnostics.some((d) => d.code === TYPECHECK_TIMEOUT)) warmFor = undefined;
  return diagnostics;
}

/**
 * Throws ExtensionRejected when the type check of `file` does not finish within `limitMs` (or
 * its memory limit). Other diagnostics are left to the in-process check, which reports them in
 * the mode's own way (SFI mode makes type errors warnings). Where there is no worker script (the
 * playground's page: web/adapters/type-check-timeout.ts), the limit is the embedder's own (the
 * page terminates its Web Worker). In Node the script is always there: dist/ of an installed
 * package, or of the repository, which test/global-setup.ts builds before the tests.
 */
export async function ensureTypeCheckFinishes(
  file: string,
  source: string,
  opts: TypeCheckOptions,
  limitMs = DEFAULT_TYPECHECK_LIMIT_MS,
): Promise<void> {
  if (typeCheckWorkerScript() === undefined) return;
  const exceeded = limitExceeded(await typeCheckWithinLimit(file, source, opts, limitMs));
  if (exceeded.length > 0) throw new ExtensionRejected(exceeded, file);
}

/**
 * The whole check and compilation of `file` for the mode `mode` describes, in the worker under
 * `limitMs` (the type check, the verifier or the rewrite, and the transpiler: whatever the mode
 * does): what `ensureTypeCheckFinishes` and then `mode.prepare` in this thread would give, without
 * loading the compiler here or checking twice. Throws ExtensionRejected as they would: a check that
 * does not finish with the timeout diagnostic alone, any other refusal with the mode's own
 * diagnostics. Needs the built worker (`typeCheckWorkerScript()`).
 */
export async function prepareWithinLimit(
  file: string,
  source: string,
  mode: ModeSpec,
  opts: TypeCheckOptions,
  limitMs = DEFAULT_TYPECHECK_LIMIT_MS,
): Promise<PreparedData> {
  const earlier = earlierRefusal(file, source, opts, limitMs);
  if (earlier !== undefined) throw new ExtensionRejected(limitExceeded(earlier), file);
  await warmUp(file, opts);
  const outcome = await prepareWithTimeout(file, source, mode, opts, limitMs);
  if ("prepared" in outcome) return outcome.prepared;
  const exceeded = limitExceeded(outcome.rejected.diagnostics);
  if (exceeded.length > 0) {
    // A check past its limit terminated the worker: the next one starts cold.
    warmFor = undefined;
    throw new ExtensionRejected(exceeded, file);
  }
  throw new ExtensionRejected(outcome.rejected.diagnostics, file, outcome.rejected.statsLine);
}
