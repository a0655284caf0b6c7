/** The watchdog's violation bounds: a leaf, so the command line can read them without loading the sandbox. */
export const DEFAULT_MAX_VIOLATIONS = 10;
/**
 * The most violations an extension may be allowed before the watchdog unloads it. A report lists
 * only the first ten anyway; the bound sizes the supervised run's replay log (heartbeat.ts,
 * decisionCapacity: about 12 bytes per violation allowed), which must never overflow.
 */
export const MAX_VIOLATIONS_BOUND = 10_000;
