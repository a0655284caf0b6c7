/**
 * The wire: event arguments and fixed-shape results as numbers in a Float64Array that lives in
 * the guest's WASM memory (wire-memory.ts), so that a crossing pays no JSON where the event's
 * schema allows it. The layouts come from the kernel's event catalogue (one source of truth);
 * the guest half is sandbox/guest/prelude.js (`decodeCalls`, `encodeResult`).
 *
 * Arguments: an object of scalars (number, handle, boolean, literal) and lists of such objects.
 * A list whose rows have strictly increasing first fields (Reclaim's `resident`, in frame order)
 * is kept in step incrementally: the guest keeps last event's rows (frozen objects) and the host
 * sends only the edits (remove, insert, replace at a position), so an event costs what changed
 * since the last one, not the list's length. Any other list is sent whole. An argument that does
 * not fit its layout exactly (a key missing or extra, a value of another type, a non-finite
 * number) is sent as JSON, as before: nothing the guest sees changes.
 *
 * Results: an object whose fields are numbers, literals or lists of numbers. The guest encodes
 * the handler's value inside the guest (after the result guard), so getters and traps run there,
 * and only when the value is plain data (no getter, no toJSON, no prototype of its own) and its
 * JSON text would fit the result limit; otherwise it sends the JSON envelope it always sent. The
 * host reads the numbers back, checks the record is well formed (everything in the wire is
 * guest-controlled), and hands the dispatcher a plain object, which the dispatcher checks against
 * the event's schema and the kernel's validators as before.
 */
import { catalogue } from "../kernel/events/catalogue.js";
import {
  isRowSource,
  isRowVisitSource,
  RESIDENT_ROW_FIELDS,
  type RowSource,
  type RowVisitSource,
} from "../kernel/events/rows.js";
import type { Schema } from "../kernel/schema.js";

/** Field kinds on the wire (the prelude has the same numbers). */
export const enum Kind {
  Number = 0,
  Boolean = 1,
  Literal = 2,
  /** A list of objects of scalars (arguments). */
  Rows = 3,
  /** A list of numbers (results). */
  Numbers = 4,
}

export interface FieldLayout {
  readonly name: string;
  readonly kind: Kind;
  readonly literals?: readonly string[];
  /** Kind.Rows: the fields of one row (scalars only). */
  readonly row?: readonly FieldLayout[];
}

export interface EventLayout {
  readonly id: number;
  readonly name: string;
  /** null: the arguments always go as JSON. */
  readonly args: readonly FieldLayout[] | null;
  /** Its arguments are scalars only: a crossing of one call of it is the guest's `flatCall`. */
  readonly flat: boolean;
  /** null: the result always comes back as JSON. */
  readonly result: readonly FieldLayout[] | null;
}

function scalar(name: string, s: Schema): FieldLayout | null {
  if (s.kind === "number" || s.kind === "cap") return { name, kind: Kind.Number };
  if (s.kind === "boolean") return { name, kind: Kind.Boolean };
  if (s.kind === "literal") return { name, kind: Kind.Literal, literals: s.values };
  return null;
}

function argsLayout(s: Schema): FieldLayout[] | null {
  if (s.kind !== "object") return null;
  const out: FieldLayout[] = [];
  for (const [name, f] of Object.entries(s.fields)) {
    const sc = scalar(name, f);
    if (sc !== null) {
      out.push(sc);
      continue;
    }
    if (f.kind !== "array" || f.item.kind !== "object") return null;
    const row: FieldLayout[] = [];
    for (const [rn, rf] of Object.entries(f.item.fields)) {
      const r = scalar(rn, rf);
      if (r === null) return null;
      row.push(r);
    }
    out.push({ name, kind: Kind.Rows, row });
  }
  return out;
}

function resultLayout(s: Schema): FieldLayout[] | null {
  // A notification's result is ignored; `undefined` (the usual one) still goes by the wire.
  if (s.kind === "void") return [];
  if (s.kind !== "object") return null;
  const out: FieldLayout[] = [];
  for (const [name, f] of Object.entries(s.fields)) {
    if (f.kind === "number" || f.kind === "cap") out.push({ name, kind: Kind.Number });
    else if (f.kind === "literal") out.push({ name, kind: Kind.Literal, literals: f.values });
    else if (f.kind === "array" && (f.item.kind === "number" || f.item.kind === "cap"))
      out.push({ name, kind: Kind.Numbers });
    else return null;
  }
  return out;
}

/** Every catalogue event's layout, by name; ids are positions in `EVENT_LAYOUTS`. */
export const EVENT_LAYOUTS: readonly EventLayout[] = Object.values(catalogue).map((def, id) => {
  const args = argsLayout(def.args);
  return {
    id,
    name: def.name,
    args,
    flat: args?.every((f) => f.kind !== Kind.Rows) === true,
    result: resultLayout(def.result),
  };
});
const BY_NAME = new Map(EVENT_LAYOUTS.map((l) => [l.name, l]));

/**
 * Reclaim's resident page, read field by field with fixed names (a read by a computed name in the
 * loop above costs V8 a megamorphic lookup per field: a quarter of a Reclaim's host time at 256
 * pages). Used only while the catalogue's row is exactly these fields, in this order.
 */
interface ResidentPage {
  frame: unknown;
  vpn: unknown;
  referenced: unknown;
  dirty: unknown;
  loadedAt: unknown;
  lastAccess: unknown;
}
const RESIDENT_FIELDS: readonly string[] = RESIDENT_ROW_FIELDS;
const RESIDENT_KINDS = [Kind.Number, Kind.Number, Kind.Boolean, Kind.Boolean, Kind.Number, Kind.Number];
const reclaimRow = BY_NAME.get("PhysAddr.Reclaim")?.args?.find((f) => f.kind === Kind.Rows)?.row;
export const RESIDENT_ROW =
  reclaimRow !== undefined &&
  reclaimRow.length === RESIDENT_FIELDS.length &&
  reclaimRow.every((f, i) => f.name === RESIDENT_FIELDS[i] && f.kind === RESIDENT_KINDS[i])
    ? reclaimRow
    : undefined;

function finite(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

function readResidentPage(r: ResidentPage, out: Float64Array, at: number): boolean {
  const { frame, vpn, referenced, dirty, loadedAt, lastAccess } = r;
  if (!finite(frame) || !finite(vpn) || !finite(loadedAt) || !finite(lastAccess)) return false;
  if (typeof referenced !== "boolean" || typeof dirty !== "boolean") return false;
  out[at] = frame + 0;
  out[at + 1] = vpn + 0;
  out[at + 2] = referenced ? 1 : 0;
  out[at + 3] = dirty ? 1 : 0;
  out[at + 4] = loadedAt + 0;
  out[at + 5] = lastAccess + 0;
  return true;
}

export function eventLayout(name: string): EventLayout | undefined {
  return BY_NAME.get(name);
}

/** What the prelude is told at boot: `[[name, args, result], ...]`, fields as `[name, kind, literals | row]`. */
export function layoutsForGuest(): string {
  const field = (f: FieldLayout): unknown[] => [
    f.name,
    f.kind,
    f.literals ?? (f.row === undefined ? null : f.row.map(field)),
  ];
  return JSON.stringify(EVENT_LAYOUTS.map((l) => [l.name, l.args?.map(field) ?? null, l.result?.map(field) ?? null]));
}

// ---- the wire's header (doubles) ----------------------------------------------------------
/** Set by the host to 0 before a call; the guest's reply: 1 all on the wire, 2 some as JSON. */
export const H_STATUS = 0;
/** The generation the guest acknowledges once it has applied every list edit of the call. */
export const H_ACK = 1;
export const H_GENERATION = 2;
export const H_CALLS = 3;
/** Where the guest writes its replies. */
export const H_REPLY_AT = 4;
export const H_CAPACITY = 5;
/** Fuel units the runtime reported to the prelude's fuel sink in this crossing, and how many reports. */
export const H_FUEL = 6;
export const H_FUEL_REPORTS = 7;
export const HEADER = 8;
/**
 * One call: event id (-1: by JSON), handler index (or JSON slot), args offset (-1 - k: JSON args
 * k), and the fuel units its handler reported (0 from the host; the guest's fuel sink adds them):
 * how a batch's fuel is told per handler.
 */
export const CALL_DOUBLES = 4;
/** Where a call's own fuel is, from its first double. */
export const CALL_FUEL = 3;

export const REPLY_JSON = 0;
export const REPLY_UNDEFINED = 1;
export const REPLY_OBJECT = 2;

const OP_REMOVE = 0;
const OP_INSERT = 1;
const OP_REPLACE = 2;

/** The host's copy of what the guest holds for one incremental list. */
interface ListShadow {
  synced: boolean;
  /** Its first fields strictly increase: edits are computed by merging it with the new list. */
  sorted: boolean;
  n: number;
  rows: Float64Array;
}

/** No rows: what a batch without lists frees (never written into; a flat event allocates nothing for it). */
const EMPTY_ROWS = new Float64Array(0);

/** One batch in the wire. */
export interface EncodedCalls {
  /** The calls or arguments that go as JSON (none: undefined). */
  readonly json: string | undefined;
  /** Where the guest writes its replies. */
  readonly replyAt: number;
  /** One call of a flat event, all on the wire: the guest's `flatCall` takes it (EventLayout.flat). */
  readonly flat: boolean;
}

/** A writer over the wire for one crossing; `grow` when it runs out (the caller retries bigger). */
export class WireOverflow extends Error {}

/**
 * The host half of one VM's wire: what the guest holds of each incremental list, and the
 * encoder of one batch of calls.
 */
export class WireEncoder {
  private readonly lists = new Map<number, ListShadow>();
  private generation = 0;
  private scratch: Float64Array = new Float64Array(1024);
  /** The scratch holds a list of the batch being encoded (a second list needs a buffer of its own). */
  private scratchTaken = false;
  /** Lists edited by the call being encoded: unsynced unless the guest acknowledges it. */
  private readonly touched: ListShadow[] = [];
  private readonly pendingShadows: [ListShadow, Float64Array, number, boolean][] = [];

  /** Forget what the guest holds (it never acknowledged, or the VM was reset): next time, whole lists. */
  desync(): void {
    for (const s of this.lists.values()) s.synced = false;
  }

  /**
   * Encode `calls` into `w` (capacity `w.length`). Returns the JSON side payload (calls or
   * arguments that do not fit a layout) or undefined, and the offset where replies start.
   * Throws WireOverflow when `w` is too small (nothing is committed then).
   */
  encode(
    w: Float64Array,
    calls: readonly { event: string; index: number; args?: unknown }[],
    /** Every call as JSON (the wire is too small for the batch's arguments and cannot grow). */
    allJSON = false,
  ): EncodedCalls {
    // (Setting an array's length is a builtin call even when it is 0 already: a flat event skips it.)
    if (this.touched.length !== 0) this.touched.length = 0;
    if (this.pendingShadows.length !== 0) this.pendingShadows.length = 0;
    this.scratchTaken = false;
    const cap = w.length;
    let p = HEADER + CALL_DOUBLES * calls.length;
    if (p > cap) throw new WireOverflow();
    const gen = ++this.generation;
    let jsonCalls: unknown[] | undefined;
    let jsonArgs: unknown[] | undefined;
    // Shared arguments of a batch go once (by identity); a single call needs no map.
    const argsAt = calls.length > 1 ? new Map<unknown, number>() : undefined;
    for (let c = 0; c < calls.length; c++) {
      const call = calls[c]!;
      const at = HEADER + CALL_DOUBLES * c;
      w[at + CALL_FUEL] = 0;
      const layout = allJSON ? undefined : BY_NAME.get(call.event);
      if (layout === undefined) {
        jsonCalls ??= [];
        w[at] = -1;
        w[at + 1] = jsonCalls.length;
        w[at + 2] = 0;
        jsonCalls.push([call.event, call.index, call.args ?? null]);
        continue;
      }
      w[at] = layout.id;
      w[at + 1] = call.index;
      const args = call.args ?? null;
      const known = argsAt?.get(args);
      if (known !== undefined) {
        w[at + 2] = known;
        continue;
      }
      const end = layout.args === null ? -1 : this.encodeArgs(w, p, layout, args);
      if (end < 0) {
        jsonArgs ??= [];
        const ref = -1 - jsonArgs.length;
        jsonArgs.push(args);
        argsAt?.set(args, ref);
        w[at + 2] = ref;
      } else {
        argsAt?.set(args, p);
        w[at + 2] = p;
        p = end;
      }
    }
    w[H_STATUS] = 0;
    w[H_ACK] = 0;
    w[H_FUEL] = 0;
    w[H_FUEL_REPORTS] = 0;
    w[H_GENERATION] = gen;
    w[H_CALLS] = calls.length;
    w[H_REPLY_AT] = p;
    w[H_CAPACITY] = cap;
    // Commit the host's copy of the lists only now that the whole batch fitted.
    // The scratch now holds a committed list: the buffer a list gave up becomes the scratch.
    if (this.pendingShadows.length > 0) {
      let freed: Float64Array = EMPTY_ROWS;
      for (const [shadow, rows, n, sorted] of this.pendingShadows) {
        if (shadow.rows !== rows) freed = shadow.rows;
        shadow.rows = rows;
        shadow.n = n;
        shadow.sorted = sorted;
        shadow.synced = true;
        this.touched.push(shadow);
      }
      this.scratch = this.pendingShadows.some((p) => p[0].rows === freed) ? new Float64Array(0) : freed;
      this.pendingShadows.length = 0;
    }
    if (jsonCalls === undefined && jsonArgs === undefined)
      return { json: undefined, replyAt: p, flat: calls.length === 1 && BY_NAME.get(calls[0]!.event)!.flat };
    return { json: JSON.stringify({ c: jsonCalls ?? [], a: jsonArgs ?? [] }), replyAt: p, flat: false };
  }

  /** After the crossing: lists the guest did not acknowledge go whole next time. */
  settle(w: Float64Array | undefined): void {
    const acked = w !== undefined && w[H_ACK] === this.generation;
    if (!acked) for (const s of this.touched) s.synced = false;
    if (this.touched.length !== 0) this.touched.length = 0;
  }

  /** Arguments into `w` from `p`; the offset after them, or -1 if they do not fit the layout. */
  private encodeArgs(w: Float64Array, p: number, layout: EventLayout, raw: unknown): number {
    if (raw === null || typeof raw !== "object") return -1;
    // The kernel's own arguments that write their lists as rows (ReclaimArgs): no object per row.
    if (isRowSource(raw)) {
      const end = this.encodeFromRows(w, p, layout, raw);
      if (end !== -2) return end;
    }
    // What JSON.stringify would send: toJSON's value where there is one (ReclaimArgs).
    const toJSON = (raw as { toJSON?: unknown }).toJSON;
    const args = (typeof toJSON === "function" ? (toJSON as () => unknown).call(raw) : raw) as Record<string, unknown>;
    if (args === null || typeof args !== "object" || Array.isArray(args)) return -1;
    const fields = layout.args!;
    let k = 0;
    for (const key in args) {
      if (!Object.hasOwn(args, key)) continue;
      if (k >= fields.length || fields[k]!.name !== key) return -1;
      k++;
    }
    if (k !== fields.length) return -1;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      const v = args[field.name];
      if (field.kind === Kind.Rows) {
        if (!Array.isArray(v)) return -1;
        p = this.encodeRows(w, p, layout.id * 256 + f, field.row!, v);
        if (p < 0) return -1;
      } else {
        if (p >= w.length) throw new WireOverflow();
        const x = scalarValue(field, v);
        if (x === undefined) return -1;
        w[p++] = x;
      }
    }
    return p;
  }

  /**
   * Arguments from a RowSource (the kernel's ReclaimArgs): scalars read by name, the resident
   * list written as rows by the kernel straight into the scratch. -2: not this way (the caller
   * goes the general way), -1: they do not fit the layout.
   */
  private encodeFromRows(w: Float64Array, p: number, layout: EventLayout, src: RowSource): number {
    const fields = layout.args!;
    for (let f = 0; f < fields.length; f++) {
      const field = fields[f]!;
      if (field.kind === Kind.Rows) {
        if (field.row !== RESIDENT_ROW) return -2;
        if (isRowVisitSource(src)) {
          const end = this.editsFromRows(w, p, layout.id * 256 + f, src, field.name);
          if (end === -1) return -1;
          if (end >= 0) {
            p = end;
            continue;
          }
        }
        let n: number;
        for (;;) {
          if (this.scratchTaken) {
            this.scratch = new Float64Array(this.scratch.length);
            this.scratchTaken = false;
          }
          n = src.writeRows(field.name, this.scratch, 0);
          if (n !== -1) break;
          this.scratch = new Float64Array(Math.max(1024, 2 * this.scratch.length));
        }
        if (n < 0) return -2;
        // Finite numbers only (JSON would carry nothing else as such), never -0: checked by
        // encodeRows on the rows it sends (an unchanged row equals what was checked when sent).
        p = this.encodeRows(w, p, layout.id * 256 + f, field.row!, undefined, n);
        if (p < 0) return -1;
      } else {
        if (p >= w.length) throw new WireOverflow();
        const x = scalarValue(field, (src as unknown as Record<string, unknown>)[field.name]);
        if (x === undefined) return -1;
        w[p++] = x;
      }
    }
    return p;
  }

  /**
   * A resident list the guest holds in step, read straight from the kernel's rows with the host's
   * copy updated in place: an unchanged row is read and compared, nothing is written for it (the
   * usual Reclaim: the same frames, a few pages changed). Edits are written as the rows come; at
   * the first row not at its old position (a frame came or went) the rest is merged into a buffer
   * of its own. The offset after the list; -1 when a row sent is not finite numbers (the arguments
   * go as JSON), -2 when not this way (no copy in step, or the rows' first fields do not increase:
   * the list goes whole). On -1 or -2, or a WireOverflow (the caller desyncs), the host's copy may
   * be half updated: it is marked out of step, so the next event sends the list whole.
   */
  private editsFromRows(w: Float64Array, p: number, key: number, src: RowVisitSource, name: string): number {
    const shadow = this.lists.get(key);
    if (shadow === undefined || !shadow.synced || !shadow.sorted || this.pendingShadows.some(([s]) => s === shadow))
      return -2;
    const F = RESIDENT_FIELDS.length;
    const cap = w.length;
    if (p + 2 > cap) throw new WireOverflow();
    w[p++] = 0;
    const countAt = p++;
    const old = shadow.rows;
    const n0 = shadow.n;
    let rows = old;
    let edits = 0;
    let k = 0;
    let i = 0;
    let inPlace = true;
    let bad = 0;
    let last = Number.NEGATIVE_INFINITY;
    const edit = (op: number, at: number, row: number): void => {
      if (p + 2 + (op === OP_REMOVE ? 0 : F) > cap) throw new WireOverflow();
      w[p++] = op;
      w[p++] = at;
      edits++;
      if (op === OP_REMOVE) return;
      for (let f = 0; f < F; f++) {
        const x = rows[row + f]!;
        if (!Number.isFinite(x)) bad = 1;
        w[p++] = x + 0;
      }
    };
    shadow.synced = false;
    const n = src.visitRows(name, (frame, vpn, referenced, dirty, loadedAt, lastAccess) => {
      if (inPlace) {
        // At its old position: the frames so far are the old ones, so they increase and are finite.
        const at = k * F;
        if (k < n0 && old[at] === frame) {
          // What the guest holds is finite and never -0: a row equal to it is too (NaN never is).
          if (
            old[at + 1] !== vpn ||
            old[at + 2] !== referenced ||
            old[at + 3] !== dirty ||
            old[at + 4] !== loadedAt ||
            old[at + 5] !== lastAccess
          ) {
            old[at + 1] = vpn;
            old[at + 2] = referenced;
            old[at + 3] = dirty;
            old[at + 4] = loadedAt;
            old[at + 5] = lastAccess;
            edit(OP_REPLACE, k, at);
          }
          k++;
          return;
        }
        inPlace = false;
        last = k > 0 ? old[(k - 1) * F]! : Number.NEGATIVE_INFINITY;
        rows = new Float64Array(Math.max(1024, 2 * (n0 + 1) * F));
        rows.set(old.subarray(0, k * F));
        i = k;
      }
      if (bad !== 0) return;
      // A key that is not finite goes no further (JSON would not carry it); one that does not
      // increase makes the list go whole.
      if (!Number.isFinite(frame)) bad = 1;
      else if (!(frame > last)) bad = 2;
      if (bad !== 0) return;
      last = frame;
      while (i < n0 && old[i * F]! < frame) {
        edit(OP_REMOVE, k, 0);
        i++;
      }
      if ((k + 1) * F > rows.length) {
        const bigger = new Float64Array(2 * rows.length);
        bigger.set(rows);
        rows = bigger;
      }
      const at = k * F;
      rows[at] = frame;
      rows[at + 1] = vpn;
      rows[at + 2] = referenced;
      rows[at + 3] = dirty;
      rows[at + 4] = loadedAt;
      rows[at + 5] = lastAccess;
      if (i < n0 && old[i * F] === frame) {
        const o = i * F;
        if (
          old[o + 1] !== vpn ||
          old[o + 2] !== referenced ||
          old[o + 3] !== dirty ||
          old[o + 4] !== loadedAt ||
          old[o + 5] !== lastAccess
        )
          edit(OP_REPLACE, k, at);
        i++;
      } else edit(OP_INSERT, k, at);
      k++;
    });
    if (n < 0 || bad === 2) return -2;
    if (bad === 1) return -1;
    // The old rows past the last one read are gone.
    for (let r = inPlace ? k : i; r < n0; r++) edit(OP_REMOVE, k, 0);
    w[countAt] = edits;
    this.pendingShadows.push([shadow, rows, k, true]);
    return p;
  }

  /**
   * A list: the edits since what the guest holds, or the whole list (mode 1). `list` undefined:
   * its `n` rows are in the scratch already, as the kernel wrote them (encodeFromRows): each row
   * sent is checked here (finite numbers, -0 sent as 0).
   */
  private encodeRows(
    w: Float64Array,
    p: number,
    key: number,
    row: readonly FieldLayout[],
    list: unknown[] | undefined,
    rowsInScratch = 0,
  ): number {
    const F = row.length;
    const n = list === undefined ? rowsInScratch : list.length;
    if (list !== undefined && (this.scratchTaken || this.scratch.length < n * F))
      this.scratch = new Float64Array(Math.max(n * F, 2 * this.scratch.length));
    this.scratchTaken = false;
    const rows = this.scratch;
    if (list !== undefined) {
      const fast = row === RESIDENT_ROW;
      for (let i = 0; i < n; i++) {
        const r = list[i] as Record<string, unknown> | null;
        if (r === null || typeof r !== "object") return -1;
        if (fast) {
          if (!readResidentPage(r as unknown as ResidentPage, rows, i * F)) return -1;
        } else
          for (let f = 0; f < F; f++) {
            const x = scalarValue(row[f]!, r[row[f]!.name]);
            if (x === undefined) return -1;
            rows[i * F + f] = x;
          }
      }
    }
    let shadow = this.lists.get(key);
    if (shadow === undefined) {
      shadow = { synced: false, sorted: false, n: 0, rows: new Float64Array(0) };
      this.lists.set(key, shadow);
    }
    // A second list for the same key in one batch is sent whole: the guest applies edits in order.
    const again = this.pendingShadows.some(([s]) => s === shadow);
    const start = p;
    let increasing = true;
    let end = -2;
    if (shadow.synced && shadow.sorted && !again) {
      end = this.editsAgainst(w, p, shadow, rows, n, F);
      if (end === -2) increasing = false;
    } else increasing = strictlyIncreasing(rows, n, F);
    if (end === -1) return -1;
    if (end < 0) {
      // The whole list: every row checked and sent.
      p = start;
      if (p + 2 + n * F > w.length) throw new WireOverflow();
      w[p++] = 1;
      w[p++] = n;
      for (let i = 0; i < n * F; i++) {
        const x = rows[i]!;
        if (!Number.isFinite(x)) return -1;
        w[p++] = x + 0;
      }
      end = p;
    }
    // The new rows become the host's copy once the whole batch has fitted (encode commits); the
    // old copy's buffer then becomes the scratch (no allocation per event once they are big enough).
    this.pendingShadows.push([shadow, rows, n, increasing]);
    this.scratchTaken = true;
    return end;
  }

  /**
   * The edits that turn the guest's copy (`shadow`, in increasing first fields) into the `n` new
   * rows, written at `p`: the offset after them; -2 when the new rows' first fields do not
   * strictly increase (then the list goes whole), -1 when a row sent is not finite numbers.
   */
  private editsAgainst(
    w: Float64Array,
    p: number,
    shadow: ListShadow,
    rows: Float64Array,
    n: number,
    F: number,
  ): number {
    const need = (k: number): void => {
      if (p + k > w.length) throw new WireOverflow();
    };
    need(2);
    w[p++] = 0;
    const countAt = p++;
    let edits = 0;
    const old = shadow.rows;
    const n0 = shadow.n;
    let i = 0;
    let j = 0;
    let last = Number.NEGATIVE_INFINITY;
    while (i < n0 || j < n) {
      const ko = i < n0 ? old[i * F]! : Number.POSITIVE_INFINITY;
      const kn = j < n ? rows[j * F]! : Number.POSITIVE_INFINITY;
      if (j < n) {
        // A key that is not finite goes no further (JSON would not carry it); one that does not
        // increase makes the list go whole.
        if (!Number.isFinite(kn)) return -1;
        if (!(kn > last)) return -2;
      }
      if (j < n && kn < ko) {
        need(2 + F);
        w[p++] = OP_INSERT;
        w[p++] = j;
        if (!copyRow(w, p, rows, j * F, F)) return -1;
        p += F;
        edits++;
        last = kn;
        j++;
      } else if (i < n0 && ko < kn) {
        need(2);
        w[p++] = OP_REMOVE;
        w[p++] = j;
        edits++;
        i++;
      } else {
        let same = true;
        for (let f = 1; f < F; f++)
          // What the guest holds is finite and never -0: a row equal to it is too (NaN never is).
          if (old[i * F + f] !== rows[j * F + f]) {
            same = false;
            break;
          }
        if (!same) {
          need(2 + F);
          w[p++] = OP_REPLACE;
          w[p++] = j;
          if (!copyRow(w, p, rows, j * F, F)) return -1;
          p += F;
          edits++;
        }
        last = kn;
        i++;
        j++;
      }
    }
    w[countAt] = edits;
    return p;
  }
}

/** One row into the wire at `p`: false if a field is not a finite number (-0 is written as 0). */
function copyRow(w: Float64Array, p: number, rows: Float64Array, at: number, F: number): boolean {
  for (let f = 0; f < F; f++) {
    const x = rows[at + f]!;
    if (!Number.isFinite(x)) return false;
    w[p + f] = x + 0;
  }
  return true;
}

function strictlyIncreasing(rows: Float64Array, n: number, F: number): boolean {
  for (let i = 1; i < n; i++) if (!(rows[i * F]! > rows[(i - 1) * F]!)) return false;
  return true;
}

/** A scalar as a double, or undefined where JSON would not carry it as the guest expects. */
function scalarValue(field: FieldLayout, v: unknown): number | undefined {
  switch (field.kind) {
    case Kind.Number:
      // JSON turns -0 into 0 and a non-finite number into null: those go by JSON.
      return typeof v === "number" && Number.isFinite(v) ? v + 0 : undefined;
    case Kind.Boolean:
      return typeof v === "boolean" ? (v ? 1 : 0) : undefined;
    case Kind.Literal: {
      if (typeof v !== "string") return undefined;
      const i = field.literals!.indexOf(v);
      return i < 0 ? undefined : i;
    }
    default:
      return undefined;
  }
}

/**
 * Read the guest's replies from `w` (from `replyAt`): one per call, in order, or an error if the
 * wire does not hold well-formed records. `json` supplies the replies sent as JSON envelopes.
 * Everything here is guest-controlled.
 */
export function decodeReplies(w: Float64Array, replyAt: number, calls: readonly { event: string }[]): Reply[] | string {
  const out: Reply[] = [];
  const cap = w.length;
  let p = replyAt;
  let jsonIndex = 0;
  for (let c = 0; c < calls.length; c++) {
    if (!(p >= 0 && p < cap)) return "reply outside the wire";
    const code = w[p++];
    if (code === REPLY_JSON) {
      out.push({ kind: "json", index: jsonIndex++ });
      continue;
    }
    if (code === REPLY_UNDEFINED) {
      out.push({ kind: "value", value: undefined });
      continue;
    }
    if (code !== REPLY_OBJECT) return "unknown reply code";
    const layout = BY_NAME.get(calls[c]!.event);
    const fields = layout?.result;
    if (fields === null || fields === undefined) return "a wire reply for an event without a result layout";
    if (p >= cap) return "reply outside the wire";
    const count = w[p++]!;
    if (!Number.isInteger(count) || count < 0 || count > fields.length) return "bad field count";
    const obj: Record<string, unknown> = {};
    for (let k = 0; k < count; k++) {
      if (p + 1 >= cap) return "reply outside the wire";
      const fi = w[p++]!;
      if (!Number.isInteger(fi) || fi < 0 || fi >= fields.length) return "bad field index";
      const field = fields[fi]!;
      if (Object.hasOwn(obj, field.name)) return "field sent twice";
      if (field.kind === Kind.Number) obj[field.name] = w[p++];
      else if (field.kind === Kind.Literal) {
        const li = w[p++]!;
        if (!Number.isInteger(li) || li < 0 || li >= field.literals!.length) return "bad literal";
        obj[field.name] = field.literals![li];
      } else {
        const len = w[p++]!;
        if (!Number.isInteger(len) || len < 0 || p + len > cap) return "bad list length";
        const list = new Array<number>(len);
        for (let e = 0; e < len; e++) list[e] = w[p + e]!;
        p += len;
        obj[field.name] = list;
      }
    }
    out.push({ kind: "value", value: obj });
  }
  return out;
}

/** One call's reply: a value read from the wire, or the index of its JSON envelope. */
export type Reply = { kind: "value"; value: unknown } | { kind: "json"; index: number };
