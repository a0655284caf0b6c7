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

  /** The host's view (made again if the WASM memory grew since). */
  get f64(): Float64Array {
    if (this.view.buffer !== this.module.HEAPU8.buffer)
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
