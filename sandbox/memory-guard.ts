/**
 * The host's own check of a VM's memory, beside QuickJS's limit.
 *
 * QuickJS's own memory limit is not enough in this build: its allocator's accounting undercounts
 * large blocks, so one allocation above the limit fails but many just below it succeed, and a
 * guest that catches the error grows by ~16 MiB per invocation (found by the oom-caught exercise:
 * 100 MiB after six calls under a 16 MiB limit). So the host checks too: the WASM heap's size is
 * read at every poll (cheap; once it can no longer grow under its maximum, `hardHeapBytes`, the
 * invocation is aborted) and after every invocation (the same: the VM is retired as out of memory),
 * and, whenever it has grown or is larger than the limit, the exact heap in use is computed after
 * the invocation (over the limit: the VM is retired as out of memory).
 *
 * A memory that cannot grow is a stop of its own, whatever the guest saw (red team 16,
 * oom-thrown-null): an allocation QuickJS could not place there fails, and when it is a small one
 * QuickJS cannot make its out-of-memory error either and throws `null`, which the guest can catch
 * and the host cannot tell from a guest's `throw null`. By the time the host sees it, the
 * structure that filled the memory has been freed (the heap in use is back down), but the linear
 * memory never shrinks: that it can no longer grow is what stays.
 *
 * Only used while the VM is alive and its instance not poisoned (the VM makes sure).
 */
import type { QuickJSContext, QuickJSRuntime } from "quickjs-emscripten";
import { canGrow, wasmMaximumBytes } from "./engine.js";

export class MemoryGuard {
  /** The WASM heap's size when the heap in use was last computed. */
  private heapChecked: number;
  /** The WASM memory's maximum (createSandboxVM makes it so). */
  readonly hardHeapBytes: number;

  constructor(
    private readonly rt: QuickJSRuntime,
    private readonly limitBytes: number,
  ) {
    this.heapChecked = this.wasmHeapBytes();
    this.hardHeapBytes = wasmMaximumBytes(limitBytes);
  }

  /** Bytes of the VM's WASM memory (it only grows). */
  wasmHeapBytes(): number {
    const mod = (this.rt as unknown as { module?: { HEAPU8?: Uint8Array } }).module;
    return mod?.HEAPU8?.byteLength ?? 0;
  }

  /** The WASM heap can no longer grow under its maximum: stop the call now, retire the VM. */
  full(): boolean {
    return !canGrow(this.wasmHeapBytes(), this.hardHeapBytes);
  }

  /** QuickJS heap in use (`memory_used_size`); only outside guest code. */
  heapInUse(ctx: QuickJSContext): number | undefined {
    using usage = this.rt.computeMemoryUsage();
    using used = ctx.getProp(usage, "memory_used_size");
    return ctx.typeof(used) === "number" ? ctx.getNumber(used) : undefined;
  }

  /**
   * After an invocation: the heap in use when it is over the limit. Computed after every call once
   * the WASM memory is larger than the limit (in a memory no larger, no more than the limit can
   * be in use), not only after a call that grew it: a call may fill pages an earlier call grew
   * and freed (red team 18's oom-regrow-held: call 1 made and dropped 22 MiB, call 2 kept 20 MiB
   * of the 16 allowed in those pages, under QuickJS's own limit, quickjsLimitBytes, and the VM
   * was never measured again). The query walks the heap (JS_ComputeMemoryUsage), so a VM that
   * never outgrew its limit (every example pager) pays nothing; one that did pays it in its own
   * calls' host time.
   */
  overLimit(ctx: QuickJSContext): number | undefined {
    const bytes = this.wasmHeapBytes();
    if (bytes <= this.heapChecked && bytes <= this.limitBytes) return undefined;
    this.heapChecked = bytes;
    const used = this.heapInUse(ctx);
    return used !== undefined && used > this.limitBytes ? used : undefined;
  }
}
