/**
 * What the check's startup snapshot is told while it is made (snapshot.ts sets these for
 * `node --build-snapshot`; snapshot-entry.ts and lib-files.ts read them then and only then). A
 * module of its own: the thread that makes the snapshot must not load the compiler.
 */

/** Where `spin-kernel/extension` resolves to for the snapshot's warm-up check. */
export const SNAPSHOT_API_ENV = "SPIN_SNAPSHOT_API_DECLARATION";

/** The folder of TypeScript's library files: the bundle holds the compiler, which would look beside the bundle. */
export const SNAPSHOT_LIB_ENV = "SPIN_SNAPSHOT_TS_LIB";
