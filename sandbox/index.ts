export * from "./errors.js";
export * from "./limits.js";
export type { HostFunction, HostValue } from "./marshal.js";
export { compiledQuickJS, newIsolatedQuickJS } from "./engine.js";
export {
  createSandboxVM,
  SandboxVM,
  type BatchInvocation,
  type ExtensionManifest,
  type HandlerCall,
  type HandlerInfo,
  type Invocation,
  type LogEntry,
  type SandboxOptions,
  type SandboxStats,
  type VmState,
} from "./vm.js";
