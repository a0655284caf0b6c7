/**
 * The host's own JSON.parse, taken when this module is first evaluated: before a hardened realm
 * (native/realm.ts) replaces the global one with its bounded wrapper (native/bounded-builtins.ts,
 * which refuses a text longer than the guests' string bound). The host's parses of guest
 * output (results, envelopes, manifests) are bounded by its own limits (maxResultChars, up to
 * 16 MiB) and must keep working in a realm that has been hardened around them.
 */
export const hostJsonParse: (text: string) => unknown = JSON.parse;
