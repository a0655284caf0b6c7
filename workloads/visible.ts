/**
 * Guest-controlled text made safe to print: the one place that decides how a string an extension
 * (or a file, or a command line) chose is shown in text output. An extension's name, a thrown
 * message, a handler name, a file name, an exercise header: any of them could carry a newline
 * that forges a report line (`with extensions: check: ok`), an ANSI escape that hides a real
 * counter (`ESC[8m`), or a bidi override that shows text in another order than it is stored.
 *
 *   visible(text, max)   one field: every unsafe character shown as an escape (`\n`, `\x1b`,
 *                        `\u202e`), the length capped with `…(+N chars)`; apply it where a
 *                        guest string enters text output.
 *   visibleLines(text)   a whole output, the last net before stdout/stderr: the same escapes,
 *                        except the newlines and tabs of our own layout.
 *   jsonText(value)      JSON output with the same characters written as `\uXXXX` escapes (JSON
 *                        escapes C0 itself, but leaves C1, DEL, bidi and line separators raw);
 *                        the value parses back unchanged.
 *
 * It lives in workloads/, the lowest layer that shows text (input files' messages quote them),
 * so every layer above can use the same escapes; extensions/visible.ts re-exports it.
 *
 * Unsafe: C0 controls, DEL, C1 controls (U+0080–U+009F, which include the 8-bit CSI), the line
 * and paragraph separators U+2028/U+2029, the bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) and marks (U+200E/U+200F, U+061C), the other invisible format
 * characters (soft hyphen, zero-width characters, U+2060–U+206F, BOM, interlinear annotations),
 * and lone surrogates. Hand-written because the escaping libraries either escape every non-ASCII
 * character (jsesc's default: a name in Greek becomes unreadable) or leave ESC and the bidi
 * controls raw (jsesc's `minimal`, JSON.stringify).
 */

const UNSAFE_CLASS =
  "\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb";
const LONE_SURROGATE = "[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";

/** Every unsafe character. */
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]|${LONE_SURROGATE}`, "g");
/** The same, but newlines and tabs pass (the layout of a whole output). */
const UNSAFE_BUT_LAYOUT = new RegExp(`(?![\\n\\t])[${UNSAFE_CLASS}]|${LONE_SURROGATE}`, "g");

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

const jsonEscape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Default cap of one field: long enough for any name or message a person reads. */
export const VISIBLE_MAX = 200;

/**
 * One guest-controlled field as it may be printed: unsafe characters escaped, at most `max`
 * characters of it kept (a surrogate pair is never split), and what was cut counted:
 * `abc…(+1234 chars)`.
 */
export function visible(text: string, max: number = VISIBLE_MAX): string {
  const s = String(text);
  if (s.length <= max) return s.replace(UNSAFE, escapeOne);
  let keep = Math.max(0, Math.floor(max));
  const last = s.charCodeAt(keep - 1);
  if (keep > 0 && last >= 0xd800 && last <= 0xdbff) keep--;
  const rest = s.slice(keep);
  let cut = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < rest.length) {
      const d = rest.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    cut++;
  }
  return `${s.slice(0, keep).replace(UNSAFE, escapeOne)}…(+${cut} char${cut === 1 ? "" : "s"})`;
}

/** A whole text output: every unsafe character escaped except the newlines and tabs of its layout. */
export function visibleLines(text: string): string {
  return String(text).replace(UNSAFE_BUT_LAYOUT, escapeOne);
}

/** `JSON.stringify(value, null, space)` with every unsafe character inside strings written as `\uXXXX`. */
export function jsonText(value: unknown, space: number = 2): string {
  // Outside strings JSON has only ASCII punctuation, digits, letters and the layout's spaces and
  // newlines; JSON.stringify escapes C0 inside strings itself. What is left is inside strings.
  return JSON.stringify(value, null, space).replace(UNSAFE_BUT_LAYOUT, jsonEscape);
}

/** Does `text` hold a character `visibleLines` would escape? (For tests and checks.) */
export function hasUnsafeCharacter(text: string): boolean {
  return new RegExp(UNSAFE_BUT_LAYOUT.source).test(text);
}
