/**
 * The type check of an extension under a time (and memory) limit, before the in-process checks.
 *
 * TypeScript's checker is synchronous: a type-level bomb (deeply recursive conditional types)
 * would hold `spin load` or `spin check` for minutes, or exhaust the heap. So the type check
 * runs first in the worker of timeout.ts, which is terminated past the limit; only an extension
 * whose check finished there is checked again in-process (warm, and known to finish), where the
 * verifier needs the program. The worker starts cold (the ES library is parsed once), so each new
 * worker is warmed without a limit first (timeout.ts): the limit measures the extension, not the
 * start-up.
 */
import { ExtensionRejected } from "../diagnostics.js";
import type { TypeCheckOptions } from "./index.js";
import { DEFAULT_TYPECHECK_LIMIT_MS } from "./limits.js";
import { typeCheckWithTimeout, typeCheckWorkerScript } from "./timeout.js";

export { DEFAULT_TYPECHECK_LIMIT_MS };

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
  const exceeded = (await typeCheckWithTimeout(file, source, opts, limitMs)).filter(
    (d) => d.code === "typecheck-timeout",
  );
  if (exceeded.length > 0) {
    throw new ExtensionRejected(
      exceeded.map((d) => ({
        ...d,
        message: `${d.message}: the type check is limited so that a type-level bomb cannot hold the kernel; simplify the types`,
      })),
      file,
    );
  }
}
