/**
 * Whether V8's linear-time engine can run a regex, for no-nonlinear-regexp: asked of V8 itself
 * (sandbox/native/linear-regexp.ts). A seam: the playground's page cannot set V8's flags and gets
 * a reading of the regex's text instead (web/adapters/regexp-linearity.ts).
 */
export { linearRegExpRefusal } from "../../sandbox/native/linear-regexp.js";
