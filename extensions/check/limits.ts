/** The type check's time limit (against type-level bombs), apart from the Node worker that applies it: the playground applies it too. */
export const DEFAULT_TYPECHECK_LIMIT_MS = 10_000;

/** The code of the diagnostic of a type check that did not finish within its time (or memory) limit. */
export const TYPECHECK_TIMEOUT = "typecheck-timeout";
