// Makes the check's startup snapshot in the user's cache folder after `npm install` (the
// package's `prepare`), so that the first `spin load` starts its check from it
// (extensions/check/snapshot.ts). Never fails the install: without the snapshot the check runs in
// a worker thread, and the first check that needs the snapshot makes it.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (module) => import(pathToFileURL(path.join(root, "dist", module)).href);
try {
  const { snapshotBlobFile, trustedBlob, buildSnapshot } = await dist("extensions/check/snapshot.js");
  const { WORKER_HEAP_MB } = await dist("extensions/check/timeout.js");
  const { apiDeclarationFile } = await dist("extensions/loader/paths.js");
  const file = snapshotBlobFile(WORKER_HEAP_MB);
  if (file !== undefined && trustedBlob(file) === undefined) {
    const made = await buildSnapshot(file, WORKER_HEAP_MB, apiDeclarationFile());
    if (made instanceof Error)
      console.warn(`spin-kernel: no check snapshot (${made.message}); checks will start slower`);
  }
} catch (e) {
  console.warn(
    `spin-kernel: no check snapshot (${e instanceof Error ? e.message : String(e)}); checks will start slower`,
  );
}
