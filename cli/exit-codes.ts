/** Exit codes of every `spin` command (documented in README.md and `spin --help`). */
export const EXIT = {
  /** The command did what was asked. */
  ok: 0,
  /** The run finished but the kernel's own check failed (an invariant or a lost write): a kernel bug. */
  kernelCheckFailed: 1,
  /** A mistake in the input: a flag, a scenario, a trace. The message says where and what to do. */
  badInput: 2,
  /** An extension was rejected at load time (type check or verifier). */
  extensionRejected: 3,
  /**
   * The simulation itself died: the kernel's heap limit, V8 aborting the simulation's process (out
   * of memory past a worker's limit), or a thread held inside a builtin: no report.
   */
  simulationDied: 4,
  /** A bug in spin-kernel itself. */
  internal: 70,
  /** The output could not be written (a full disk, an I/O error): sysexits' EX_IOERR. */
  outputFailed: 74,
  /** The reader of the output went away before it was all written (`spin run … | head -1`):
   * 128 + SIGPIPE, the code a shell shows for any program stopped by a closed pipe. Quiet. */
  outputClosed: 141,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    the kernel's check failed (invariant violation or lost write): a kernel bug, please report
  2    bad input (flag, scenario, trace); the message says where and what to do
  3    an extension was rejected at load time (type check or verifier)
  4    the simulation died ("kernel down": the kernel ran out of its heap, V8 aborted the
       process a native or server extension ran in, or a thread was held inside a builtin); no report
  70   internal error in spin-kernel
  74   the output could not be written (disk full, I/O error)
  137  killed by itself (SIGKILL): a thread of its own held inside a builtin V8 cannot interrupt
       would keep the process from ending; the message before says which (no report)
  141  the output was closed early (a pipe to head, say); nothing else went wrong
`;
