/**
 * The share link: the code and the settings in the URL's hash, compressed (deflate-raw, the
 * browser's own CompressionStream) and base64url-encoded. A link is input like any other: its
 * size is bounded before and after decompression, its JSON is checked field by field (unknown
 * fields, wrong types, unknown examples and out-of-range numbers are refused with a reason), and
 * opening one only fills the editor and the settings: nothing runs until the user presses Run.
 */
import { BROWSER_MODES, isBrowserMode, type ModeName } from "../../extensions/loader/mode-names.js";

export interface SharedWorkload {
  /** A bundled example's path, e.g. `examples/scenarios/looping.json`. */
  readonly example?: string;
  /** Or pasted text, with what it is. */
  readonly pasted?: { readonly kind: "scenario" | "trace"; readonly text: string };
}

export interface SharedState {
  readonly code: string;
  /** The file name the extension is known by (diagnostics, positions). */
  readonly file: string;
  readonly mode: ModeName;
  readonly workload: SharedWorkload;
  readonly frames?: number;
}

const VERSION = 1;
/** The longest hash a link may have (characters), and the most its JSON may decompress to. */
export const MAX_LINK_CHARS = 400_000;
export const MAX_STATE_BYTES = 2 * 1024 * 1024;
/** An extension is at most 1 MiB (MAX_EXTENSION_BYTES); a pasted workload at most 512 KiB here. */
export const MAX_CODE_CHARS = 1024 * 1024;
export const MAX_PASTED_CHARS = 512 * 1024;
/** A file name or an example's path: letters, digits, '.', '_', '-' and '/', no `..`. */
const FILE_NAME = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._/-]{0,127}\.ts$/;

function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  transform: CompressionStream | DecompressionStream,
  limit: number,
): Promise<Uint8Array | undefined> {
  const reader = new Blob([bytes]).stream().pipeThrough(transform).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
  } catch {
    return undefined;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function encodeState(state: SharedState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify({ v: VERSION, ...state }));
  const packed = await pipe(json, new CompressionStream("deflate-raw"), Number.MAX_SAFE_INTEGER);
  if (packed === undefined) throw new Error("internal: compression failed");
  return `#s=${toBase64Url(packed)}`;
}

export type Decoded =
  | { readonly ok: true; readonly state: SharedState }
  | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): Decoded => ({ ok: false, reason });

/** Read a link's hash; `isExample` says whether a path names a bundled workload. */
export async function decodeState(
  hash: string,
  isExample: (path: string) => boolean,
  maxFrames: number,
): Promise<Decoded | undefined> {
  if (!hash.startsWith("#s=")) return undefined;
  const payload = hash.slice(3);
  if (payload.length > MAX_LINK_CHARS)
    return refuse(`the link is ${payload.length} characters; a share link holds at most ${MAX_LINK_CHARS}`);
  const packed = fromBase64Url(payload);
  if (packed === undefined) return refuse("the link is not base64url text");
  const json = await pipe(packed, new DecompressionStream("deflate-raw"), MAX_STATE_BYTES);
  if (json === undefined) return refuse(`the link does not decompress to at most ${MAX_STATE_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
  } catch {
    return refuse("the link's content is not JSON text");
  }
  return validate(value, isExample, maxFrames);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function onlyKeys(v: Record<string, unknown>, keys: readonly string[]): string | undefined {
  return Object.keys(v).find((k) => !keys.includes(k));
}

export function validate(value: unknown, isExample: (path: string) => boolean, maxFrames: number): Decoded {
  if (!isRecord(value)) return refuse("the link's content is not an object");
  const extra = onlyKeys(value, ["v", "code", "file", "mode", "workload", "frames"]);
  if (extra !== undefined) return refuse(`unknown field ${JSON.stringify(extra.slice(0, 40))}`);
  if (value.v !== VERSION) return refuse(`version ${JSON.stringify(value.v)}; this page reads version ${VERSION}`);
  const { code, file, mode, workload, frames } = value;
  if (typeof code !== "string" || code.length > MAX_CODE_CHARS)
    return refuse(`code must be text of at most ${MAX_CODE_CHARS} characters`);
  if (typeof file !== "string" || !FILE_NAME.test(file))
    return refuse("file must be a short name ending in .ts (letters, digits, '.', '_', '-', '/')");
  if (typeof mode !== "string" || !isBrowserMode(mode)) return refuse(`mode must be ${BROWSER_MODES.join(" or ")}`);
  if (
    frames !== undefined &&
    (typeof frames !== "number" || !Number.isInteger(frames) || frames < 1 || frames > maxFrames)
  ) {
    return refuse(`frames must be an integer from 1 to ${maxFrames}`);
  }
  if (!isRecord(workload)) return refuse("workload must be an object");
  const extraW = onlyKeys(workload, ["example", "pasted"]);
  if (extraW !== undefined) return refuse(`unknown workload field ${JSON.stringify(extraW.slice(0, 40))}`);
  let shared: SharedWorkload;
  if (workload.example !== undefined && workload.pasted === undefined) {
    if (typeof workload.example !== "string" || !isExample(workload.example))
      return refuse("the workload names no bundled example");
    shared = { example: workload.example };
  } else if (workload.pasted !== undefined && workload.example === undefined) {
    const p = workload.pasted;
    if (!isRecord(p) || onlyKeys(p, ["kind", "text"]) !== undefined) return refuse("pasted must be { kind, text }");
    if (p.kind !== "scenario" && p.kind !== "trace") return refuse("pasted kind must be scenario or trace");
    if (typeof p.text !== "string" || p.text.length > MAX_PASTED_CHARS)
      return refuse(`pasted text must be at most ${MAX_PASTED_CHARS} characters`);
    shared = { pasted: { kind: p.kind, text: p.text } };
  } else return refuse("the workload is either an example or pasted text");
  return { ok: true, state: { code, file, mode, workload: shared, ...(frames !== undefined ? { frames } : {}) } };
}
