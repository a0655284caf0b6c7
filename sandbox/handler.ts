/**
 * The bridge between the kernel's dispatcher and a sandbox VM: a `SandboxedHandler` is one
 * handler of one extension (one index of one event in the VM's manifest) seen through the
 * kernel's `Handler` interface, and a `SandboxHandlerDomain` is the VM itself, so that several
 * handlers of one extension matching one event cross the host/guest boundary once.
 *
 * Nothing here throws into the kernel: every `SandboxFault` becomes a `HandlerFault` whose
 * position is mapped through the extension's source map to the TypeScript the author wrote.
 * Results are returned unchecked (`trusted: false`): the dispatcher checks them against the
 * event's result schema and the kernel's validators.
 */
import type { EventName } from "../kernel/events/catalogue.js";
import type {
  Handler,
  HandlerDomain,
  HandlerFault,
  HandlerOutcome,
  SourcePosition,
} from "../kernel/dispatcher/handler.js";
import type { EventDeadline } from "./call-clock.js";
import type { SandboxFault } from "./errors.js";
import type { HandlerCall, InvokeOptions, SandboxVM } from "./vm.js";

/** Maps a position in the transpiled JavaScript (1-based) to the TypeScript source (1-based). */
export type PositionMapper = (line: number, column: number) => { line: number; column: number } | undefined;

export interface SandboxDomainOptions {
  /** The TypeScript file positions are reported in (as the user named it). */
  readonly sourceFile: string;
  /** Source-map lookup of the transpiled code; without it positions are left in the JS. */
  readonly mapPosition?: PositionMapper;
  /**
   * The time cap of the event being raised (shared by every extension's handlers for one
   * event), asked before each crossing; none: only each invocation's own timeout applies.
   */
  readonly eventDeadline?: () => EventDeadline;
}

/**
 * Turn a sandbox fault into the kernel's fault value, with its position in the TypeScript source.
 * A fault that carries no position of its own (a thrown string, a stack overflow, a refused
 * result) is placed at the handler it happened in, `definedAt`, so every violation has a place.
 */
export function toHandlerFault(
  fault: SandboxFault,
  options: SandboxDomainOptions,
  definedAt?: { line: number; column: number },
): HandlerFault {
  const js = fault.position;
  let position: SourcePosition | undefined;
  if (js !== undefined && js.line > 0) {
    const mapped = options.mapPosition?.(js.line, Math.max(1, js.column));
    position = mapped
      ? { file: options.sourceFile, line: mapped.line, column: mapped.column }
      : options.mapPosition
        ? undefined
        : { file: options.sourceFile, line: js.line, column: Math.max(1, js.column) };
  }
  if (position === undefined && definedAt !== undefined) {
    position = { file: options.sourceFile, line: definedAt.line, column: definedAt.column };
  }
  return {
    kind: fault.kind,
    message: fault.message,
    ...(fault.limit === undefined ? {} : { limit: fault.limit }),
    ...(position === undefined ? {} : { position }),
  };
}

/** `file.ts:12:5`, the form reports and diagnostics use. */
export function formatPosition(p: SourcePosition | undefined): string | undefined {
  return p === undefined ? undefined : `${p.file}:${p.line}:${p.column}`;
}

/** One sandbox VM as a handler domain: `invokeMany` is one boundary crossing. */
export class SandboxHandlerDomain implements HandlerDomain {
  constructor(
    readonly vm: SandboxVM,
    readonly options: SandboxDomainOptions,
  ) {}

  private invokeOptions(): InvokeOptions {
    return this.options.eventDeadline ? { eventDeadline: this.options.eventDeadline() } : {};
  }

  /** A handler for `event`'s `index`-th entry of the VM's manifest. */
  handler(
    event: EventName,
    index: number,
    name: string,
    definedAt?: { line: number; column: number },
    resultAt?: { line: number; column: number },
  ): SandboxedHandler {
    return new SandboxedHandler(this, event, index, name, definedAt, resultAt);
  }

  invokeMany(
    calls: readonly { readonly handler: Handler; readonly event: EventName; readonly args: unknown }[],
  ): HandlerOutcome[] {
    if (calls.length === 0) return [];
    const batch: HandlerCall[] = calls.map((c) => {
      const h = c.handler;
      if (!(h instanceof SandboxedHandler) || h.domain !== this) {
        throw new Error(`internal bug: handler ${h.name} does not belong to this sandbox domain`);
      }
      return { event: h.event, index: h.index, args: c.args };
    });
    const r = this.vm.invokeMany(batch, this.invokeOptions());
    if (!r.ok) {
      // A budget, timeout, memory or dead fault faults the whole batch; it is charged once.
      const first = calls[0]!.handler as SandboxedHandler;
      const fault = toHandlerFault(r.error, this.options, first.definedAt);
      return calls.map(() => ({ ok: false, fault, instructions: 0 }));
    }
    // The batch shares one budget; its instructions are charged to the first handler.
    return r.value.results.map((res, i): HandlerOutcome => {
      const instructions = i === 0 ? r.value.instructions : 0;
      const definedAt = (calls[i]!.handler as SandboxedHandler).definedAt;
      return res.ok
        ? { ok: true, value: res.value, instructions }
        : { ok: false, fault: toHandlerFault(res.error, this.options, definedAt), instructions };
    });
  }

  invokeOne(handler: SandboxedHandler, args: unknown): HandlerOutcome {
    const r = this.vm.invoke(handler.event, handler.index, args, this.invokeOptions());
    if (r.ok) return { ok: true, value: r.value.value, instructions: r.value.instructions };
    return { ok: false, fault: toHandlerFault(r.error, this.options, handler.definedAt), instructions: 0 };
  }
}

/** One extension handler as the dispatcher sees it. */
export class SandboxedHandler implements Handler {
  readonly kind = "sandboxed" as const;
  readonly trusted = false;

  constructor(
    readonly domain: SandboxHandlerDomain,
    /** The event the handler was registered for in the extension's manifest. */
    readonly event: EventName,
    /** Its index among the extension's handlers for that event. */
    readonly index: number,
    readonly name: string,
    /** Where the handler is bound in the TypeScript source, for faults with no position of their own. */
    readonly definedAt?: { line: number; column: number },
    /** Where its one returned value is written (a handler with a single `return`), for refused results. */
    readonly resultAt?: { line: number; column: number },
  ) {}

  get source(): SourcePosition | undefined {
    const at = this.definedAt;
    return at === undefined ? undefined : { file: this.domain.options.sourceFile, line: at.line, column: at.column };
  }

  get resultSource(): SourcePosition | undefined {
    const at = this.resultAt;
    return at === undefined ? undefined : { file: this.domain.options.sourceFile, line: at.line, column: at.column };
  }

  invoke(_event: EventName, args: unknown): HandlerOutcome {
    return this.domain.invokeOne(this, args);
  }
}
