/**
 * What V8 prints when it gives up on an allocation, after which the process aborts: read from
 * the standard error of a process we started (the type check's, check/check-server.ts; the
 * simulation's, loader/host-process.ts) to tell an out-of-memory from any other death.
 */
export const V8_OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed/;
