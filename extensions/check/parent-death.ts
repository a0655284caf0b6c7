/**
 * Child processes that die with the command that started them. util-linux's setpriv, where it is,
 * starts the child with a parent-death signal (Linux's PR_SET_PDEATHSIG, kept across its exec of
 * node). A parent killed outright (SIGKILL) cannot stop its children itself: without the signal, a
 * check process in the middle of a type-level bomb (red team 6) or a snapshot builder (red team 7)
 * would run on alone, the bomb until its heap ran out. Without setpriv (not Linux, a minimal image)
 * that case stays open: docs/PERFORMANCE.md.
 */
import fs from "node:fs";

const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((f) => {
  try {
    fs.accessSync(f, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

/** The command line `argv` (a program and its arguments) run so that it dies with this process. */
export function diesWithParent(argv: readonly string[]): [string, ...string[]] {
  const [program, ...args] = argv;
  if (program === undefined) throw new TypeError("diesWithParent: an empty command line");
  return SETPRIV === undefined ? [program, ...args] : [SETPRIV, "--pdeathsig", "KILL", "--", program, ...args];
}
