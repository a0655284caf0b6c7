/** What `spin init` does (cli/commands/init.ts defines its arguments), and the file writing `spin exercise new` shares. */
import fs from "node:fs";
import path from "node:path";
import { extensionTsconfig } from "../../extensions/check/options.js";
import { apiDeclarationFile, packageRoot } from "../../extensions/loader/paths.js";
import { describeFsError } from "../../workloads/read-input.js";
import { UsageError } from "../user-error.js";
import { visible } from "../../extensions/visible.js";

export const EXAMPLE_PAGER = `/**
 * A second-chance (Clock) pager as a spin-kernel extension.
 *
 * When no frame is free, the kernel raises PhysAddr.Reclaim for your application with every page
 * it holds (\`resident\`, in frame order). Return the frame to give up; pages whose referenced
 * bit is set get a second chance (their bit is cleared through \`clearReferenced\`).
 *
 * Check it:  npx spin check pager.ts
 * Run it:    npx spin load pager.ts      (next to the built-in Clock on the default workload)
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

/** The frame the hand stopped at last time: the sweep goes on after it. */
let hand = -1;

export default defineExtension({
  name: "my-clock",
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const pages = args.resident;
      let start = pages.findIndex((page) => page.frame > hand);
      if (start < 0) start = 0;
      const cleared: Frame[] = [];
      for (let i = 0; i < pages.length; i++) {
        const page = pages[(start + i) % pages.length];
        if (page === undefined) continue;
        if (!page.referenced) {
          hand = page.frame;
          return { victim: page.frame, clearReferenced: cleared };
        }
        cleared.push(page.frame);
      }
      // Every page was referenced: the first one loses its second chance.
      const first = pages[start];
      if (first === undefined) throw new Error("PhysAddr.Reclaim without a resident page");
      hand = first.frame;
      return { victim: first.frame, clearReferenced: cleared };
    },
  },
});
`;

export function initAction(dir: string, out: (text: string) => void): void {
  const files: Record<string, string> = {
    "tsconfig.json": `${JSON.stringify(extensionTsconfig(apiDeclarationFile()), null, 2)}\n`,
    "pager.ts": EXAMPLE_PAGER,
    "README.md": readme(dir),
  };
  makeFolder(dir);
  const existing = Object.keys(files).filter((name) => fs.existsSync(path.join(dir, name)));
  if (existing.length > 0) {
    throw new UsageError(
      `refusing to overwrite ${existing.map((n) => visible(path.join(dir, n))).join(", ")}; choose another folder or move them away`,
    );
  }
  for (const [name, text] of Object.entries(files)) writeNewFile(path.join(dir, name), text);
  out(`created ${visible(dir)}: ${Object.keys(files).join(", ")}`);
  out(`next: cd ${visible(dir)} && ${visible(spinCommand(dir))} load pager.ts`);
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
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && fs.statSync(folder).isDirectory()) continue;
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

/**
 * How to call spin from `dir`: `npx spin` finds this package's own bin only inside it; anywhere
 * else npx would look for a registry package named "spin", so name our bin by its path.
 */
function spinCommand(dir: string): string {
  const inside = !path.relative(packageRoot(), path.resolve(dir)).startsWith("..");
  return inside ? "npx spin" : `node ${path.join(packageRoot(), "bin", "spin.js")}`;
}

function readme(dir: string): string {
  const bin = path.join(packageRoot(), "bin", "spin.js");
  return `# A spin-kernel extension

Run it next to the built-in policies on the default workload:

    ${spinCommand(dir)} load pager.ts

(\`npx spin\` works inside the spin-kernel folder or a project that installed it; elsewhere use
\`node ${bin}\`).

- \`npx spin check pager.ts\` runs the load-time checks only (type check + verifier).
- \`npx spin load pager.ts --scenario some.json --app name\` picks the workload and the application.
- The extension API is \`spin-kernel/extension\`; \`tsconfig.json\` points your editor at it, so the
  editor reports what \`spin check\` would. See docs/EXTENSIONS.md in spin-kernel for the guide.
`;
}
