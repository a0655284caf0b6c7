import { PRELUDE_JS } from "./guest.generated.js";

/**
 * Guest-side bootstrap, evaluated as a global script in a fresh context *before* any extension
 * code runs: it captures the primordials it needs, installs the deterministic globals, and
 * returns the guest half of the sandbox protocol (dispatch, collect, describe, describeThrown,
 * api). The source, and what each part does, is sandbox/guest/prelude.js; it is embedded at build
 * time (scripts/embed-guest.mjs).
 */
export const PRELUDE_SOURCE: string = PRELUDE_JS;

/** Source of the guest module `spin-kernel/extension`. */
export const EXTENSION_API_MODULE = "spin-kernel/extension";
export const API_GLOBAL = "__spinExtensionApi";
export const EXTENSION_API_SOURCE = `const api = globalThis.${API_GLOBAL};
export const defineExtension = api.defineExtension;
export const kernel = api.kernel;
export const log = api.kernel.log;
export default api;
`;
