/**
 * Text from an input file (or a file name) made safe to print inside a message: control characters,
 * NUL, DEL, the C1 range, byte-order marks and the invisible formatting characters that reorder or
 * hide text on a terminal become visible escapes (`\0`, `\t`, `\x1b`, `\u202e`), and long text is
 * cut. A message then shows exactly what is in the file, and cannot move the cursor or forge lines.
 */

const NAMED: Record<string, string> = { "\0": "\\0", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** Characters that are invisible or control the terminal (C0, DEL, C1, zero-width, bidi, BOM, separators). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with every unsafe character escaped, cut to about `max` characters (with "..."). */
export function visible(text: string, max = Infinity): string {
  const cut = text.length > max ? text.slice(0, Math.max(0, max - 3)) : text;
  // Lone surrogates (a broken UTF-16 pair) are shown as escapes too.
  const escaped = cut.replace(UNSAFE, escapeOne).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, escapeOne);
  return cut.length < text.length ? `${escaped}...` : escaped;
}
