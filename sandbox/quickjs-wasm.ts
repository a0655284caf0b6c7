/**
 * The bytes of the QuickJS build the sandbox runs (the release-sync variant's .wasm file), read
 * from the installed package. This is the engine's only file access: the playground's build
 * replaces this one module with one that fetches the same file from the page's own folder
 * (web/adapters/quickjs-wasm.ts).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

export async function readQuickJSWasm(): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  return readFile(require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm"));
}
