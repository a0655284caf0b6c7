/**
 * The guest module `spin-kernel/extension` as guest-side code sees it (the prelude's `api`, which
 * sandbox/prelude.ts's EXTENSION_API_SOURCE exports): besides what extensions are given
 * (extensions/api/extension.d.ts), the result guard an execution mode may install, and the
 * `sfiFuel` host function SFI mode reports fuel to when the host provides it.
 */
// biome-ignore lint/suspicious/noExplicitAny: the definition is checked by the prelude at run time, not by types
type Definition = any;

export interface GuestKernel {
  log(message: string): void;
  sfiFuel?: (used: number) => void;
}

export declare const kernel: GuestKernel;
export declare const log: GuestKernel["log"];
export declare function defineExtension(definition: Definition): Definition;

declare const api: {
  readonly defineExtension: typeof defineExtension;
  readonly kernel: GuestKernel;
  /**
   * Install the result guard (once, before any extension code runs): enter before every handler,
   * leave on every result; `spent`, the fuel of the handler running now (read when an interrupt
   * stopped it before it reported). The fuel sink it returns does what `kernel.sfiFuel` does, without a
   * host call per report (the units reach the host in the wire, sandbox/wire.ts). `thrownAt`:
   * where a thrown value was thrown, as a one-frame stack, when a throw statement threw it last
   * (the SFI runtime's throw sites, extensions/sfi/passes/throws.ts), or the stack the runtime
   * gave one of its traps, else undefined. `trapped`: whether a thrown value is one of the runtime's
   * traps (an error it made and keeps): only then is its fault an SFI check's, whatever the value's
   * name says. Returns the fuel sink (`fuel`) and `caught`, which the
   * runtime calls at the start of every catch clause with the caught value (the prelude keeps the
   * stack of an error the engine made before the clause's code holds it). `checkedKernelLog`:
   * the runtime's own kernel.log, which Function.prototype.bind refuses as it refuses this one.
   */
  guardResults(
    enter: (event: string, args: unknown) => unknown,
    leave: (token: unknown, value: unknown) => unknown,
    spent?: () => number,
    thrownAt?: (value: unknown) => string | undefined,
    trapped?: (value: unknown) => boolean,
    checkedKernelLog?: (...args: unknown[]) => unknown,
  ): { readonly fuel: (used: number) => void; readonly caught: (value: unknown) => void };
};
export default api;
