/**
 * The placeholders of sandbox/guest/sfi-runtime.js, as the type check sees them: each is replaced
 * by a value of the module being rewritten before the runtime runs (sandbox/sfi-runtime.ts).
 */
/** `file.ts:line:col` of each check site, by site number. */
declare const __SFI_SITES__: readonly string[];
/** Fuel per handler invocation. */
declare const __SFI_FUEL__: number;
/** Heap size in Int32Array elements. */
declare const __SFI_HEAP__: number;
/** The module's file name in guest stacks. */
declare const __SFI_JS_FILE__: string;
/** Synthetic stack lines at or above this name check sites (SITE_LINE_BASE). */
declare const __SFI_SITE_LINE_BASE__: number;
/** Pass capability is on: results are checked against the invocation's capabilities. */
declare const __SFI_CAPABILITY__: boolean;
/** The kernel a handler is called with: the checked one (pass capability), or the plain one. */
declare const __SFI_KERNEL__: import("./extension-module.js").GuestKernel;

/** sandbox/guest/native-frame.js: the declaration of the Compartment's globals, put in place at load. */
declare const __BINDINGS__: void;
/** sandbox/guest/native-frame.js: the extension's CommonJS body, put in place at load. */
declare const __MODULE__: void;

/** QuickJS's own subclass of Error (its stack overflow, out of memory and interrupt). */
declare const InternalError: ErrorConstructor;
interface ErrorConstructor {
  /** Whether a value is an error object (its internal slot, not its prototype): ES2026, in this QuickJS. */
  isError(value: unknown): boolean;
}
