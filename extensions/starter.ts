/**
 * The folder `spin init` writes: a student's extension project that works on its own. Its
 * package.json depends on this package (so `npx spin` and `npm run check` find our bin) and on
 * the TypeScript we check with (so `npx tsc -p .` is ours, not an unrelated package named tsc);
 * its tsconfig.json makes an editor check the file with `spin check`'s options; an example pager;
 * a README that says how to run each of them.
 */
import fs from "node:fs";
import path from "node:path";
import { extensionTsconfig } from "./check/options.js";
import { apiDeclarationFile, packageRoot } from "./loader/paths.js";

/** The example extension of the folder: a Clock pager. */
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

/** The example's file name, used by the package's scripts and the README. */
export const STARTER_EXTENSION = "pager.ts";

/** Every file of a new extension folder named `dir`, by name. */
export function starterFiles(dir: string): Record<string, string> {
  return {
    "package.json": `${JSON.stringify(starterPackage(dir), null, 2)}\n`,
    "tsconfig.json": `${JSON.stringify(starterTsconfig(), null, 2)}\n`,
    [STARTER_EXTENSION]: EXAMPLE_PAGER,
    // VS Code loads a tsconfig's plugins with the workspace's TypeScript: offer it.
    ".vscode/settings.json": `${JSON.stringify(
      { "typescript.tsdk": "node_modules/typescript/lib", "typescript.enablePromptUseWorkspaceTsdk": true },
      null,
      2,
    )}\n`,
    "README.md": starterReadme(),
  };
}

/**
 * The language-service plugin of extensions/editor/ts-plugin.ts, as tsserver resolves it from the
 * folder's node_modules (a path inside the package: tsserver resolves plugins without `exports`).
 */
export const EDITOR_PLUGIN = "spin-kernel/extensions/editor/ts-plugin.cjs";

/** `spin check`'s compiler options for the editor, and the plugin that adds the verifier's findings. */
function starterTsconfig(): ReturnType<typeof extensionTsconfig> {
  const config = extensionTsconfig(apiDeclarationFile());
  return { ...config, compilerOptions: { ...config.compilerOptions, plugins: [{ name: EDITOR_PLUGIN }] } };
}

interface OurPackage {
  readonly name: string;
  readonly version: string;
  readonly bin: Readonly<Record<string, string>>;
  readonly dependencies: Readonly<Record<string, string>>;
}

/** This package's own package.json (a small file of ours, read whole). */
export function ourPackage(): OurPackage {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as OurPackage;
}

/**
 * How the folder depends on this package: from a registry install (we live in a node_modules
 * folder), the same version range; from a checkout, that folder (`npm install` links it).
 */
export function spinKernelDependency(): string {
  const root = packageRoot();
  return root.split(path.sep).includes("node_modules") ? `^${ourPackage().version}` : `file:${root}`;
}

/** An npm package name from a folder's name (lower case, URL-safe), or a fixed one. */
export function packageNameFor(dir: string): string {
  const name = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|-+$/g, "")
    .slice(0, 100);
  return name === "" ? "spin-extension" : name;
}

function starterPackage(dir: string): Record<string, unknown> {
  const ours = ourPackage();
  const bin = Object.keys(ours.bin)[0] ?? "spin";
  return {
    name: packageNameFor(dir),
    private: true,
    type: "module",
    scripts: {
      check: `${bin} check ${STARTER_EXTENSION}`,
      load: `${bin} load ${STARTER_EXTENSION}`,
      typecheck: "tsc -p .",
    },
    devDependencies: {
      [ours.name]: spinKernelDependency(),
      typescript: ours.dependencies.typescript,
    },
  };
}

function starterReadme(): string {
  const bin = path.join(packageRoot(), "bin", "spin.js");
  return `# A spin-kernel extension

Install once (links spin-kernel and the TypeScript it checks with into node_modules):

    npm install

Then:

- \`npm run check\` (\`npx spin check ${STARTER_EXTENSION}\`) runs every load-time check: the type check, the
  verifier's rules, the handlers' options and guards. It prints each problem as file:line:column.
- \`npm run load\` (\`npx spin load ${STARTER_EXTENSION}\`) runs it next to the built-in policies on the
  default workload; \`npx spin load ${STARTER_EXTENSION} --scenario some.json --app name\` picks the
  workload and the application.
- \`npm run typecheck\` (\`npx tsc -p .\`) is the type check alone, as your editor does it.

Without installing, call spin by its path: \`node ${bin} load ${STARTER_EXTENSION}\`.

The extension API is \`spin-kernel/extension\`; \`tsconfig.json\` points your editor at it with
\`spin check\`'s compiler options and a TypeScript plugin (after \`npm install\`), so the editor
reports what \`spin check\` does: the type errors and the verifier's rules (docs/verifier-rules.md
in spin-kernel). The load-time checks that run the module (handler options, guards) are \`spin
check\`'s alone. VS Code loads the plugin with the workspace's TypeScript, which
.vscode/settings.json offers (accept the prompt, or "TypeScript: Select TypeScript Version"). An
extension is one file: it imports only \`spin-kernel/extension\`. See docs/EXTENSIONS.md in
spin-kernel for the guide.
`;
}
