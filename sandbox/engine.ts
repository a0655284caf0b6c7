/**
 * One QuickJS WASM *instance* per VM. The compiled WebAssembly.Module is shared (compiling
 * is the expensive part and is stateless); each VM instantiates it with its own linear
 * memory, so an aborted or out-of-memory instance cannot corrupt any other VM.
 */
import { newQuickJSWASMModule, newVariant, RELEASE_SYNC, type QuickJSWASMModule } from "quickjs-emscripten";
import { readQuickJSWasm } from "./quickjs-wasm.js";

/** Opaque compiled module (lib "ES2022" + @types/node do not declare the WebAssembly namespace). */
export type CompiledWasm = object;
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledWasm> } })
  .WebAssembly;

let compiled: Promise<CompiledWasm> | undefined;

/** Compile the release-sync QuickJS wasm once per process. */
export function compiledQuickJS(): Promise<CompiledWasm> {
  if (compiled === undefined) {
    compiled = readQuickJSWasm().then((bytes) => WebAssemblyApi.compile(bytes));
    compiled.catch(() => {
      compiled = undefined;
    });
  }
  return compiled;
}

/** A fresh, isolated QuickJS WASM module instance (own memory). */
export async function newIsolatedQuickJS(): Promise<QuickJSWASMModule> {
  const wasmModule = await compiledQuickJS();
  return newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmModule }));
}
