/**
 * The one error the dispatcher throws, with a code per refusal (SPIN's Dispatcher.i3 does the
 * same with one exception and an enum). These are the caller's mistakes, never an extension's
 * run-time failure: those come back as HandlerFault values.
 */
export enum DispatcherErrorCode {
  /** No event of that name in the catalogue. */
  UnknownEvent = "UnknownEvent",
  /** The authorizer refused the installation (wrong principal, or a guard outside its rights). */
  Unauthorized = "Unauthorized",
  /** The guard names a key the event cannot be filtered on, or an empty or inverted range. */
  InvalidGuard = "InvalidGuard",
  /** Options that contradict each other (First and Last together). */
  InvalidOptions = "InvalidOptions",
  /** Uninstall of a binding that is not installed (twice, or from another dispatcher). */
  NotInstalled = "NotInstalled",
}

export class DispatcherError extends Error {
  override readonly name = "DispatcherError";
  constructor(
    readonly code: DispatcherErrorCode,
    message: string,
  ) {
    super(message);
  }
}
