/**
 * The width text output must fit, when it goes to a terminal: cli/ sets it from the terminal it
 * writes to (nothing else here knows one). Undefined, the default, means no limit: a file or a
 * pipe gets the same bytes whatever the window it was made in.
 */
let width: number | undefined;

export function setOutputWidth(columns: number | undefined): void {
  width = columns !== undefined && Number.isInteger(columns) && columns >= 20 ? columns : undefined;
}

export function outputWidth(): number | undefined {
  return width;
}
