/**
 * An ArrayBuffer in the guest whose bytes the host reads and writes in place: the block is
 * allocated with the QuickJS module's own malloc and handed to QuickJS as the buffer's storage
 * (`QTS_NewArrayBuffer` takes the pointer over, as `QuickJSContext.newArrayBuffer` does after
 * copying into such a block), so the guest's typed array and the host's Float64Array are the
 * same bytes of the WASM linear memory. No copy, no string, no parse per crossing.
 *
 * This reaches three internals of quickjs-emscripten 0.32 (`module`, `ffi`, `memory` of a
 * QuickJSContext; its public API copies buffers both ways). If a later version lacks them,
 * `newWireBuffer` returns undefined and the VM speaks JSON only, as before (test/sandbox/wire.test.ts
 * fails then, so the loss is seen).
 *
 * The block is QuickJS's once handed over: it is freed with the buffer, when the guest drops it.
 * The host's view is made again whenever the WASM memory has grown (a grown memory has a new
 * ArrayBuffer; the block's address does not change).
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten";

interface ContextInternals {
  readonly module: { _malloc(bytes: number): number; readonly HEAPU8: Uint8Array };
  readonly ffi: { QTS_NewArrayBuffer(ctx: number, ptr: number, length: number): number };
  readonly ctx: { readonly value: number };
  readonly memory: { heapValueHandle(ptr: number): QuickJSHandle };
}

function internals(ctx: QuickJSContext): ContextInternals | undefined {
  const c = ctx as unknown as Partial<ContextInternals>;
  if (
    typeof c.module?._malloc !== "function" ||
    typeof c.ffi?.QTS_NewArrayBuffer !== "function" ||
    typeof c.ctx?.value !== "number" ||
    typeof c.memory?.heapValueHandle !== "function"
  )
    return undefined;
  return c as ContextInternals;
}

/** A guest ArrayBuffer of `doubles` Float64 slots and the host's view of it. */
export class WireBuffer {
  private view: Float64Array;
  private constructor(
    private readonly module: ContextInternals["module"],
    private readonly ptr: number,
    readonly doubles: number,
  ) {
    this.view = new Float64Array(module.HEAPU8.buffer, ptr, doubles);
  }

  /**
   * The host's view, made again if the WASM memory grew since: growing a WebAssembly memory
   * detaches its old buffer, and a view of a detached buffer has length 0 (a cheaper test than
   * reading the module's current buffer at every use).
   */
  get f64(): Float64Array {
    if (this.view.length !== this.doubles)
      this.view = new Float64Array(this.module.HEAPU8.buffer, this.ptr, this.doubles);
    return this.view;
  }

  /** Allocate; the caller owns the returned handle (the guest ArrayBuffer). Undefined if unsupported or out of memory. */
  static allocate(ctx: QuickJSContext, doubles: number): { wire: WireBuffer; handle: QuickJSHandle } | undefined {
    const c = internals(ctx);
    if (c === undefined) return undefined;
    const bytes = doubles * 8;
    const ptr = c.module._malloc(bytes);
    if (!ptr || ptr % 8 !== 0) return undefined;
    const raw = c.ffi.QTS_NewArrayBuffer(c.ctx.value, ptr, bytes);
    const handle = c.memory.heapValueHandle(raw);
    return { wire: new WireBuffer(c.module, ptr, doubles), handle };
  }
}

interface CallInternals {
  readonly ffi: {
    QTS_Call(ctx: number, fn: number, thisVal: number, argc: number, argv: number): number;
    QTS_ResolveException(ctx: number, ptr: number): number;
    QTS_FreeValuePointer(ctx: number, ptr: number): void;
  };
  readonly ctx: { readonly value: number };
  readonly memory: { heapValueHandle(ptr: number): QuickJSHandle };
}

/** What a direct call gives: the thrown value, or the result (a handle only when asked to keep it). */
export type DirectCallResult = { error: QuickJSHandle } | { error?: undefined; value: QuickJSHandle | undefined };

/**
 * A call of a guest function with no arguments and `this` undefined, made as quickjs-emscripten's
 * `callFunction` makes it (`QTS_Call`, then `QTS_ResolveException`), without what that wraps around
 * it per call: an argument pointer array built through two typed arrays and a `malloc` (even for
 * no arguments), and a handle object for a result the caller may not need (`keep(ptr)` false: it is
 * freed here). The same internals of 0.32 as the wire above; undefined if they are not there (the
 * caller uses `callFunction`).
 */
export function directCall(
  ctx: QuickJSContext,
): ((fn: QuickJSHandle, keep: () => boolean) => DirectCallResult) | undefined {
  const c = ctx as unknown as Partial<CallInternals>;
  const ffi = c.ffi;
  if (
    typeof ffi?.QTS_Call !== "function" ||
    typeof ffi.QTS_ResolveException !== "function" ||
    typeof ffi.QTS_FreeValuePointer !== "function" ||
    typeof c.ctx?.value !== "number" ||
    typeof c.memory?.heapValueHandle !== "function"
  )
    return undefined;
  const { ctx: raw, memory } = c as CallInternals;
  const undef = ctx.undefined.value as unknown as number;
  return (fn, keep) => {
    const ctxPtr = raw.value;
    const resultPtr = ffi.QTS_Call(ctxPtr, fn.value as unknown as number, undef, 0, 0);
    const errorPtr = ffi.QTS_ResolveException(ctxPtr, resultPtr);
    if (errorPtr) {
      ffi.QTS_FreeValuePointer(ctxPtr, resultPtr);
      return { error: memory.heapValueHandle(errorPtr) };
    }
    if (keep()) return { value: memory.heapValueHandle(resultPtr) };
    ffi.QTS_FreeValuePointer(ctxPtr, resultPtr);
    return { value: undefined };
  };
}
