/**
 * Guest-controlled text made safe to print. The one implementation is workloads/visible.ts (the
 * lowest layer that quotes input in messages); this module keeps the extensions' import path.
 */
export { VISIBLE_MAX, hasUnsafeCharacter, jsonText, visible, visibleLines } from "../workloads/visible.js";
