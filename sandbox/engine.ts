/**
 * One QuickJS WASM *instance* per VM. The compiled WebAssembly.Module is shared (compiling
 * is the expensive part and is stateless); each VM instantiates it with its own linear
 * memory, so an aborted or out-of-memory instance cannot corrupt any other VM.
 */
import { newQuickJSWASMModule, newVariant, RELEASE_SYNC, type QuickJSWASMModule } from "quickjs-emscripten";
import { readQuickJSWasm } from "./quickjs-wasm.js";

/** Opaque compiled module (lib "ES2022" + @types/node do not declare the WebAssembly namespace). */
export type CompiledWasm = object;
type WasmMemory = object;
const WebAssemblyApi = (
  globalThis as unknown as {
    WebAssembly: {
      compile(bytes: Uint8Array): Promise<CompiledWasm>;
      Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
    };
  }
).WebAssembly;

const WASM_PAGE_BYTES = 65_536;
/** The linear memory QuickJS's build asks for at start (its memory import's minimum). */
export const WASM_INITIAL_BYTES = 256 * WASM_PAGE_BYTES;

/**
 * The linear memory a VM of `memoryBytes` may grow to: its start and twice its limit (QuickJS's
 * own limit undercounts, memory-guard.ts). One figure for the WASM memory's maximum
 * (createSandboxVM) and the host's check of it (MemoryGuard).
 */
export function wasmMaximumBytes(memoryBytes: number): number {
  return WASM_INITIAL_BYTES + 2 * memoryBytes;
}

/**
 * The limit given to QuickJS itself (JS_SetMemoryLimit) for a VM of `memoryBytes`. This build
 * counts each block 8 bytes (MALLOC_OVERHEAD; malloc_usable_size is 0 under emscripten), whatever
 * its size, against that limit: so under a small limit it refused small allocations by their
 * number, with the WASM memory far from full (red team 16's oom-thrown-null, under 1-2.5 MiB:
 * QuickJS then cannot make its error and throws null, and no trace of it stays once the
 * structure is freed). A block is at least 16 bytes of the allocator's, so QuickJS's count can
 * reach `memoryBytes + WASM_INITIAL_BYTES / 2` only with 2 x that, the WASM memory's maximum,
 * in use: a small allocation now fails only in a memory that cannot grow, which the host sees
 * (MemoryGuard.full). One large allocation is still refused by QuickJS (past this limit) or by
 * the WASM memory, and the host measures the heap in use against `memoryBytes` after a call that
 * grew it, and after every call once the memory is larger than `memoryBytes` (MemoryGuard.overLimit:
 * this count of blocks bounds no bytes, red team 18's oom-regrow-held).
 */
export function quickjsLimitBytes(memoryBytes: number): number {
  return memoryBytes + WASM_INITIAL_BYTES / 2;
}

/**
 * Whether a linear memory of `bytes` can still grow under `maximumBytes`. This build's
 * emscripten_resize_heap grows the memory to at least 1.2x, 1.1x, then 1.05x its size (rounded
 * up to a page) and gives up if none fits under the maximum, whatever the allocation asked for:
 * so a memory past maximum / 1.05 cannot grow at all, and any allocation the allocator cannot
 * place in what it has fails, the smallest too (red team 16's oom-thrown-null: QuickJS could then
 * not even make its out-of-memory error and threw null). Measured: such a memory stops 3-5%
 * short of its maximum, so "at the maximum" is where it cannot grow, not the maximum itself.
 */
export function canGrow(bytes: number, maximumBytes: number): boolean {
  return Math.ceil((bytes * 1.05) / WASM_PAGE_BYTES) * WASM_PAGE_BYTES <= maximumBytes;
}

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

/**
 * Use a module compiled elsewhere (another thread: a WebAssembly.Module crosses to a worker
 * without being compiled again).
 */
export function useCompiledQuickJS(module: CompiledWasm): void {
  compiled = Promise.resolve(module);
}

/**
 * A fresh, isolated QuickJS WASM module instance (own memory). With `maxMemoryBytes` its linear
 * memory cannot grow past that size: an allocation beyond it fails inside QuickJS at once (out of
 * memory), instead of growing the memory until the host notices at the next interrupt poll
 * (a loop of 2 MiB typed arrays grew to gigabytes in 3 s with a single poll).
 */
export async function newIsolatedQuickJS(maxMemoryBytes?: number): Promise<QuickJSWASMModule> {
  const wasmModule = await compiledQuickJS();
  if (maxMemoryBytes === undefined) return newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmModule }));
  const initial = WASM_INITIAL_BYTES / WASM_PAGE_BYTES;
  const maximum = Math.max(initial, Math.ceil(maxMemoryBytes / WASM_PAGE_BYTES));
  const wasmMemory = new WebAssemblyApi.Memory({ initial, maximum });
  return newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmModule, wasmMemory: wasmMemory as never }));
}
