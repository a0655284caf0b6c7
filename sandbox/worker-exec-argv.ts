/**
 * The Node options a worker thread of ours is started with: the process's own (`process.execArgv`,
 * which a Worker inherits by default), less those that say how the main script is read. Node
 * refuses a worker started from a file with `--input-type` ("--input-type can only be used with
 * string input via --eval, --print, or STDIN", the worker's exit code 1), so an embedder that
 * imports spin-kernel from `node --input-type=module -e '…'` lost every worker: a server
 * placement, the simulation worker, the check's worker. Flags that shape the engine or module
 * resolution (`--conditions`, `--import`, `--enable-source-maps`, `--stack-size`) are kept.
 */

/** Options about the main script only: each is dropped, with the value it takes when it takes one. */
const MAIN_SCRIPT_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  // name → whether it takes the next argument as its value (when not written `--name=value`)
  ["--input-type", true],
  ["-e", true],
  ["--eval", true],
  ["-p", true],
  ["--print", true],
  ["-pe", true],
  ["-c", false],
  ["--check", false],
  ["-i", false],
  ["--interactive", false],
]);

/** `execArgv` without the main-script options (pure: the argument is not changed). */
export function workerExecArgvOf(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const takesValue = MAIN_SCRIPT_OPTIONS.get(name);
    if (takesValue === undefined) {
      kept.push(arg);
      continue;
    }
    if (takesValue && name === arg) i++; // the value is the next argument
  }
  return kept;
}

/** The options for `new Worker(file, { execArgv })` in this process. */
export function workerExecArgv(): string[] {
  return workerExecArgvOf(process.execArgv);
}
