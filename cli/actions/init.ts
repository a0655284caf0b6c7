/**
 * What `spin init` does (cli/commands/init.ts defines its arguments; the folder's files are
 * extensions/starter.ts), and the file writing `spin exercise new` shares.
 */
import fs from "node:fs";
import path from "node:path";
import { packageRoot } from "../../extensions/loader/paths.js";
import { STARTER_EXTENSION, starterFiles } from "../../extensions/starter.js";
import { danglingLinkReason, describeFsError } from "../../workloads/read-input.js";
import { UsageError } from "../user-error.js";
import { visible } from "../../extensions/visible.js";

export function initAction(dir: string, out: (text: string) => void): void {
  // An empty name wrote the starter into the working directory (red team 13).
  if (dir.trim() === "") throw new UsageError("spin init needs a folder name, e.g. spin init my-pager");
  refuseInsidePackage(dir);
  const files = starterFiles(dir);
  makeFolder(dir);
  // New or empty: nothing of the author's can be overwritten (writeNewFile refuses a file that
  // appeared meanwhile).
  refuseNonEmpty(dir);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (path.dirname(name) !== ".") makeFolder(path.dirname(file));
    writeNewFile(file, text);
  }
  out(`created ${visible(dir)}: ${Object.keys(files).join(", ")}`);
  out(`next: cd ${visible(dir)} && npm install && npm run check && npm run load`);
  out(
    `(or, without installing: node ${visible(path.join(packageRoot(), "bin", "spin.js"))} load ${STARTER_EXTENSION})`,
  );
}

/** The folder to fill must be new or empty, as the command's help says (red team 13: it filled any). */
function refuseNonEmpty(dir: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (error) {
    throw new UsageError(`cannot read ${visible(dir)}: ${describeFsError(error)}`);
  }
  if (entries.length > 0)
    throw new UsageError(
      `${visible(dir)} is not empty (${entries.length} entr${entries.length === 1 ? "y" : "ies"}); spin init makes a new folder or fills an empty one: choose another name`,
    );
}

/**
 * A student's folder inside this package (`npx spin init my-pager` run from the checkout) would
 * mix their files into ours and depend on the folder that contains it: refused, with the fix.
 */
function refuseInsidePackage(dir: string): void {
  const root = packageRoot();
  const rel = path.relative(root, path.resolve(dir));
  const outside = rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  if (!outside)
    throw new UsageError(
      `${visible(dir)} is inside the spin-kernel package (${visible(root)}); an extension's folder lives outside it, e.g. spin init ${visible(path.join("..", path.basename(path.resolve(dir))))}`,
    );
}

/**
 * Creates `dir` and any missing parents, one level at a time. (Node's recursive mkdir loops forever
 * under /proc, where mkdir answers ENOENT for a parent that exists; and its errors are codes.)
 * Every failure is a UsageError that says which folder and why, in words.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(at);
    } catch (error) {
      // ENOTDIR: something above is a file; the walk up finds it and says so.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR")
        throw new UsageError(`cannot create ${visible(dir)}: ${visible(at)}: ${describeFsError(error)}`);
      // A symbolic link to nothing: stat says ENOENT, mkdir then EEXIST (red team 13: exit 70).
      const dangling = danglingLinkReason(at, error);
      if (dangling !== undefined) throw new UsageError(`cannot create ${visible(dir)}: ${visible(at)}: ${dangling}`);
    }
    if (stat !== undefined) {
      if (!stat.isDirectory())
        throw new UsageError(`cannot create ${visible(dir)}: ${visible(at)} exists and is not a folder`);
      break;
    }
    const parent = path.dirname(at);
    if (parent === at) break;
    missing.push(at);
    at = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && isFolder(folder)) continue;
      const code = (error as NodeJS.ErrnoException).code;
      // /proc and /sys answer ENOENT (or EPERM) for a folder whose parent exists.
      const why =
        code === "ENOENT"
          ? "the system does not let a folder be created there (a virtual file system such as /proc?)"
          : describeFsError(error);
      const where = folder === path.resolve(dir) ? "" : `${visible(folder)}: `;
      throw new UsageError(`cannot create ${visible(dir)}: ${where}${why}`);
    }
  }
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Writes a file that must not exist yet; a failure is a UsageError in words. */
export function writeNewFile(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text, { flag: "wx" });
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === "EEXIST"
        ? "it already exists"
        : (error as NodeJS.ErrnoException).code === "ENOSPC"
          ? "no space left on the device"
          : describeFsError(error);
    throw new UsageError(`cannot write ${visible(file)}: ${why}`);
  }
}
