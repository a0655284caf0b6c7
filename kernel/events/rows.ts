/**
 * A list argument the kernel can hand over as rows of numbers, without building an object per
 * row. Reclaim's resident list is the one: a sandboxed handler's crossing (sandbox/wire.ts) copies
 * it into the guest's memory as numbers anyway, so building 256 page objects per event only for
 * the wire to read them back was most of the host's part of a Reclaim (measured: ~17 µs of
 * ~20 µs at 256 pages, and the garbage they leave).
 *
 * The rows are the list's objects field by field, in the catalogue's field order, booleans as 0
 * and 1; the list a handler reads is still the array of objects (built when read), and both come
 * from the same frame table, so they are always the same data.
 */

/** The fields of one resident page as a row, in the catalogue's order (PhysAddr.Reclaim's `resident`). */
export const RESIDENT_ROW_FIELDS = ["frame", "vpn", "referenced", "dirty", "loadedAt", "lastAccess"] as const;

/** Arguments that can write a list field as rows (the kernel's own argument objects only). */
export interface RowSource {
  /**
   * Write the rows of list `field` into `out` from `at` (RESIDENT_ROW_FIELDS.length numbers a
   * row). Returns how many rows it wrote, or -1 when `out` has no room for them all (nothing
   * is promised about `out` then), or -2 when it has no rows form of that field.
   */
  writeRows(field: string, out: Float64Array, at: number): number;
}

/** One row's fields, in RESIDENT_ROW_FIELDS order (booleans as 0 and 1). */
export type RowVisitor = (a: number, b: number, c: number, d: number, e: number, f: number) => void;

/**
 * Arguments that can show a list field row by row without building objects or writing a typed
 * array (in a realm hardened by SES, every store into a typed array takes V8's slow path: measured
 * 40-100x slower, so the native placement reads the rows this way).
 */
export interface RowVisitSource {
  /** Call `visit` with each row of list `field`, in order; returns the row count, or -2 when it has no rows form of that field. */
  visitRows(field: string, visit: RowVisitor): number;
}

/** Whether `args` is a RowSource. */
export function isRowSource(args: object): args is RowSource {
  return typeof (args as Partial<RowSource>).writeRows === "function";
}

/** Whether `args` is a RowVisitSource. */
export function isRowVisitSource(args: object): args is RowVisitSource {
  return typeof (args as Partial<RowVisitSource>).visitRows === "function";
}
