import path from "node:path";
import { fileURLToPath } from "node:url";
import { toHandlerFault } from "../../sandbox/handler.js";
import { createSandboxVM, type SandboxVM } from "../../sandbox/vm.js";
import { jsFileName, rewriteExtension, type SfiRewrite } from "../../extensions/sfi/rewrite.js";
import type { SfiOptionsInput } from "../../extensions/sfi/options.js";
import type { HandlerFault } from "../../kernel/dispatcher/handler.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const API = path.join(ROOT, "extensions/api/extension.d.ts");

export interface Loaded {
  rw: SfiRewrite;
  vm: SandboxVM;
  fuel: number[];
  /** Invoke handler 0 of `event`; a fault comes back mapped to the TypeScript source. */
  call(event: string, args: unknown): { ok: true; value: unknown } | { ok: false; fault: HandlerFault };
}

export async function load(file: string, source: string, options: SfiOptionsInput = {}): Promise<Loaded> {
  const rw = rewriteExtension(file, source, options);
  const fuel: number[] = [];
  const made = await createSandboxVM({
    source: rw.js,
    filename: jsFileName(file),
    hostFunctions: { sfiFuel: (n) => void fuel.push(Number(n)) },
  });
  if (!made.ok) throw new Error(`boot failed: ${made.error.message}`);
  const vm = made.value;
  return {
    rw,
    vm,
    fuel,
    call(event, args) {
      const r = vm.invoke(event, 0, args);
      if (r.ok) return { ok: true, value: r.value.value };
      return { ok: false, fault: toHandlerFault(r.error, { sourceFile: file, mapPosition: rw.mapPosition }) };
    },
  };
}

/** A Reclaim event's arguments with frames `frames`. */
export function reclaimArgs(frames: number[], vpn = 7): unknown {
  return {
    space: 0,
    vpn,
    resident: frames.map((frame, i) => ({
      frame,
      vpn: 100 + i,
      referenced: false,
      dirty: false,
      loadedAt: i,
      lastAccess: i,
    })),
  };
}

/** 1-based line of the first line of `source` containing `marker`. */
export function lineOf(source: string, marker: string): number {
  const i = source.split("\n").findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`no line contains ${marker}`);
  return i + 1;
}
