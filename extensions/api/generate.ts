/**
 * Generates the extension-facing API (`extension.d.ts`) and the event reference (`docs/EVENTS.md`)
 * from the kernel's event catalogue, so that what an extension author's editor checks, what the
 * kernel validates and what the docs say are one description. `npm run gen` rewrites both;
 * a test fails when either is stale.
 */
import { catalogue, type EventDefinition } from "../../kernel/events/catalogue.js";
import { toTypeScript, type CapabilityName } from "../../kernel/schema.js";
import { DEFAULT_LIMITS } from "../../sandbox/limits.js";

const capabilities: Record<CapabilityName, string> = {
  AddressSpace: "An application's address space. Your handlers only ever see your own.",
  Frame: "A physical frame. Only frames your application holds appear in your events.",
  Thread: "One of your application's threads.",
  Strand: "Your application's strand: what the global scheduler gives the CPU to.",
};

const header = `/**
 * The spin-kernel extension API. GENERATED from kernel/events/catalogue.ts by \`npm run gen\`:
 * do not edit by hand.
 *
 * An extension is a TypeScript module whose default export is \`defineExtension({...})\`, binding
 * handlers to kernel events. Handlers are synchronous functions: they receive the event's
 * arguments and return the event's result (or nothing, for notifications). The kernel checks
 * every result it receives; an invalid one is refused and the kernel's default policy decides.
 *
 * Capability handles (AddressSpace, Frame, Thread, Strand) are opaque: you can only use the ones
 * the kernel gives you, and the verifier rejects type assertions that would forge one.
 */
`;

function eventType(def: EventDefinition): string {
  return `  /**\n   * ${def.doc}\n   *\n   * Default handler: ${def.defaultHandler}${def.synchronous ? "" : "\n   * Notification: the result is ignored."}\n   */\n  readonly ${JSON.stringify(def.name)}: {\n    readonly args: ${toTypeScript(def.args, "    ")};\n    readonly result: ${toTypeScript(def.result, "    ")};\n  };`;
}

export function generateExtensionApi(): string {
  const brands = (Object.keys(capabilities) as CapabilityName[])
    .map(
      (name) =>
        `declare const ${name}Brand: unique symbol;\n/** ${capabilities[name]} */\nexport type ${name} = number & { readonly [${name}Brand]: true };`,
    )
    .join("\n\n");
  const events = Object.values(catalogue as Record<string, EventDefinition>)
    .map(eventType)
    .join("\n\n");
  return `${header}
${brands}

/** Every event an extension can handle: its arguments and the result its handler returns. */
export interface Events {
${events}
}

export type EventName = keyof Events;
export type EventArgs<E extends EventName> = Events[E]["args"];
export type EventResult<E extends EventName> = Events[E]["result"];

/** A handler: synchronous; it must return within its instruction budget. */
export type Handler<E extends EventName> = (args: EventArgs<E>) => EventResult<E>;

/** SPIN's installation options. */
export interface HandlerOptions {
  /** Run before handlers installed without \`first\`. */
  readonly first?: boolean;
  /** Run after handlers installed without \`last\`. */
  readonly last?: boolean;
  /**
   * Suppress the kernel's default handler while this one succeeds (it still decides if yours
   * fails). Defaults to true for extensions: your decision replaces the built-in policy's.
   */
  readonly cancel?: boolean;
}

/**
 * Which events of your application this handler sees. The kernel always adds your own address
 * space: you never see another application's events.
 */
export interface Guard {
  /** Inclusive range of virtual page numbers (page-fault and I/O events). */
  readonly vpn?: { readonly lo: number; readonly hi: number };
  /**
   * Only events of this thread (fault and strand notification events): its name in the scenario
   * (\`thread: "t0"\`, the \`name\` of one of your application's threads, \`t<j>\` by default), or a
   * Thread handle. A name no thread of your application has is a load error.
   */
  readonly thread?: Thread | string;
}

export type HandlerSpec<E extends EventName> =
  | Handler<E>
  | { readonly handler: Handler<E>; readonly options?: HandlerOptions; readonly guard?: Guard };

export interface ExtensionDefinition {
  /** Shown in reports; defaults to the file name. 1 to 64 letters, digits, '.', '_', '+' or '-' (else a load error). */
  readonly name?: string;
  /**
   * One handler per event, or several (an array, at most 8 per event: more is a load error);
   * several handlers of one extension matching one event run in one crossing, in array order.
   */
  readonly handlers: { readonly [E in EventName]?: HandlerSpec<E> | readonly HandlerSpec<E>[] };
}

/** Declare an extension: \`export default defineExtension({ handlers: { ... } })\`. */
export declare function defineExtension(definition: ExtensionDefinition): ExtensionDefinition;

/** Calls into the kernel available to every handler. */
export interface KernelCalls {
  /**
   * Add a line to this extension's log, the one way an extension prints (\`console\` is not
   * part of the API). The first ${DEFAULT_LIMITS.maxLogEntries} lines of a sandbox are kept, each cut at ${DEFAULT_LIMITS.maxLogChars.toLocaleString("en-US")} characters;
   * further lines are only counted (dropped). Each kept line is recorded with the simulated time,
   * the event whose handler wrote it and its place in this file: \`spin load\` prints the first
   * ten under the extension's accounting, and \`spin load --json\` has every kept line
   * (\`extensions[i].logs\`).
   *
   * Call it: \`kernel.log(message)\`, or through an alias or as a callback (\`const log =
   * kernel.log; log(message)\`, \`lines.forEach(kernel.log)\`). It throws a TypeError when
   * the engine calls it as a method of another value (as an object's \`toString\`, \`valueOf\`,
   * \`Symbol.toPrimitive\`, \`toJSON\`, a thenable's \`then\`, an iterator's \`next\`),
   * where no call of yours is to place the line, and while the kernel encodes your result or
   * describes your fault.
   */
  log(message: string): void;
}

export declare const kernel: KernelCalls;
`;
}

export function generateEventsDoc(): string {
  const sections = Object.values(catalogue as Record<string, EventDefinition>).map(
    (def) => `## \`${def.name}\`

${def.doc}

- **Synchronous:** ${def.synchronous ? "yes: the kernel uses the combined result" : "no: a notification, results are ignored"}
- **Default handler:** ${def.defaultHandler}
- **Guard keys:** ${def.guardKeys.join(", ")} (the authorizer always imposes \`space\` on an application)

Arguments:

\`\`\`ts
${toTypeScript(def.args)}
\`\`\`

Result:

\`\`\`ts
${toTypeScript(def.result)}
\`\`\`
`,
  );
  return `# Events

GENERATED from \`kernel/events/catalogue.ts\` by \`npm run gen\`: do not edit by hand.

Capability handles (${Object.keys(capabilities).join(", ")}) are integers at run time and opaque
branded types in the extension API. How handlers are ordered, combined and confined is in
[DISPATCHER.md](DISPATCHER.md).

${sections.join("\n")}`;
}
