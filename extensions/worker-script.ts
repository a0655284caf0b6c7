/**
 * Where the compiled script of a worker is. A module that starts a worker (the time-limited type
 * check, the supervised simulation) finds the script next to its own compiled file: in dist/ of
 * the repository and in an installed package. Running from the TypeScript sources (the tests),
 * the script is at the same place under dist/, which test/global-setup.ts builds first.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The path of `workerFile` (e.g. `worker.js`) of the module at `moduleUrl`, which lives in
 * `sourceFolder` of the package (e.g. `extensions/check`); undefined when it has not been built.
 */
export function compiledWorkerScript(moduleUrl: string, sourceFolder: string, workerFile: string): string | undefined {
  const toRoot = "../".repeat(sourceFolder.split("/").length);
  for (const candidate of [
    new URL(`./${workerFile}`, moduleUrl),
    new URL(`${toRoot}dist/${sourceFolder}/${workerFile}`, moduleUrl),
  ]) {
    const file = fileURLToPath(candidate);
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}
