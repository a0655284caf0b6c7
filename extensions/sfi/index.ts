/** Software fault isolation for extensions: the rewriter, its passes and runtime (docs/SFI.md). */
export { rewriteExtension, jsFileName, type SfiRewrite } from "./rewrite.js";
export { prepareSfi, type SfiPrepared } from "./prepare.js";
export { SFI_PASSES, type SfiPass } from "./registry.js";
export { SFI_RULES, ruleTreatment, type RuleTreatment } from "./rules.js";
export {
  DEFAULT_SFI_OPTIONS,
  FUEL_PER_POLL,
  PASS_NAMES,
  resolveSfiOptions,
  type HeapMode,
  type PassName,
  type SfiOptions,
  type SfiOptionsInput,
} from "./options.js";
export { SITE_LINE_BASE, runtimeSource } from "../../sandbox/sfi-runtime.js";
