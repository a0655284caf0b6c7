/**
 * An extension running in V8 (a NativeVM in a Compartment, or a server worker) as a handler
 * domain of the kernel's dispatcher: the counterpart of sandbox/handler.ts's SandboxHandlerDomain
 * for an engine that has the same `invokeMany`. Faults become HandlerFaults at the author's
 * TypeScript positions (toHandlerFault); results go back unchecked (`trusted: false`), for the
 * dispatcher's schema check and the kernel's validators.
 */
import type { EventName } from "../../kernel/events/catalogue.js";
import type { Handler, HandlerDomain, HandlerOutcome, SourcePosition } from "../../kernel/dispatcher/handler.js";
import type { SandboxFault, Result } from "../errors.js";
import { toHandlerFault, type SandboxDomainOptions } from "../handler.js";
import type { BatchInvocation, HandlerCall, InvokeOptions } from "../vm.js";

/** What the domain needs of an engine. */
export interface BatchEngine {
  invokeMany(calls: readonly HandlerCall[], options?: InvokeOptions): Result<BatchInvocation, SandboxFault>;
}

export class EngineHandlerDomain implements HandlerDomain {
  constructor(
    readonly engine: BatchEngine,
    readonly options: SandboxDomainOptions,
  ) {}

  handler(event: EventName, index: number, name: string, definedAt?: { line: number; column: number }): EngineHandler {
    return new EngineHandler(this, event, index, name, definedAt);
  }

  invokeMany(
    calls: readonly { readonly handler: Handler; readonly event: EventName; readonly args: unknown }[],
  ): HandlerOutcome[] {
    if (calls.length === 0) return [];
    const batch: HandlerCall[] = calls.map((c) => {
      const h = c.handler;
      if (!(h instanceof EngineHandler) || h.domain !== this)
        throw new Error(`internal bug: handler ${h.name} does not belong to this domain`);
      return { event: h.event, index: h.index, args: c.args };
    });
    const r = this.engine.invokeMany(batch, this.invokeOptions());
    if (!r.ok) {
      const first = calls[0]!.handler as EngineHandler;
      const fault = toHandlerFault(r.error, this.options, first.definedAt);
      return calls.map(() => ({ ok: false, fault, instructions: 0 }));
    }
    // A batch stopped by one handler's fault (its fuel, its host calls) has fewer results: the
    // handlers after it did not run, and fail as it did.
    const results = r.value.results;
    return calls.map((c, i): HandlerOutcome => {
      const instructions = i === 0 ? r.value.instructions : 0;
      const definedAt = (c.handler as EngineHandler).definedAt;
      const res = results[i] ?? results[results.length - 1];
      if (res === undefined) return { ok: false, fault: { kind: "dead", message: "no result" }, instructions };
      return res.ok
        ? { ok: true, value: res.value, instructions }
        : { ok: false, fault: toHandlerFault(res.error, this.options, definedAt), instructions };
    });
  }

  invokeOne(handler: EngineHandler, args: unknown): HandlerOutcome {
    return this.invokeMany([{ handler, event: handler.event, args }])[0]!;
  }

  private invokeOptions(): InvokeOptions {
    return this.options.eventDeadline ? { eventDeadline: this.options.eventDeadline() } : {};
  }
}

export class EngineHandler implements Handler {
  readonly kind = "sandboxed" as const;
  readonly trusted = false;

  constructor(
    readonly domain: EngineHandlerDomain,
    readonly event: EventName,
    readonly index: number,
    readonly name: string,
    readonly definedAt?: { line: number; column: number },
  ) {}

  get source(): SourcePosition | undefined {
    const at = this.definedAt;
    return at === undefined ? undefined : { file: this.domain.options.sourceFile, line: at.line, column: at.column };
  }

  invoke(_event: EventName, args: unknown): HandlerOutcome {
    return this.domain.invokeOne(this, args);
  }
}
