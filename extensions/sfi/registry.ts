/**
 * The pass registry: every SFI pass, in the order it runs, with what it inserts. The core pass
 * (passes/core.ts) always runs first; each of these can be switched off on its own.
 */
import type ts from "typescript";
import type { RewriteContext } from "./context.js";
import type { PassName } from "./options.js";
import { capabilityPass } from "./passes/capability.js";
import { controlPass } from "./passes/control.js";
import { fuelPass } from "./passes/fuel.js";
import { heapPass } from "./passes/heap.js";

export interface SfiPass {
  readonly name: PassName;
  /** One line for docs, `--emit` headers and the bench. */
  readonly inserts: string;
  readonly create: (ctx: RewriteContext) => ts.TransformerFactory<ts.SourceFile>;
}

export const SFI_PASSES: readonly SfiPass[] = [
  { name: "heap", inserts: "mask (i & (size-1)) or bounds check of every heap[i] load and store", create: heapPass },
  {
    name: "capability",
    inserts:
      "victim/thread/prefetch/action of every result checked against its event (where it leaves the guest; at each in-place return for the position)",
    create: capabilityPass,
  },
  {
    name: "control",
    inserts: "guarded computed keys, checked indirect calls through the function table",
    create: controlPass,
  },
  { name: "fuel", inserts: "fuel decrement and check at every loop back-edge and function entry", create: fuelPass },
];
