/**
 * `spin init <dir>`: a ready folder for writing an extension: a tsconfig.json that makes an
 * editor check the file as `spin check` does (same strict options, ES2022 library only, and
 * `spin-kernel/extension` mapped to this package's generated API), an example pager, a README.
 * What it does is cli/actions/init.ts, loaded when it runs.
 */
import type { Command } from "commander";

export function registerInit(program: Command, out: (text: string) => void): void {
  program
    .command("init")
    .description("create a folder with an example extension, a tsconfig.json for your editor, and a README")
    .argument("<dir>", "folder to create (or an empty one)")
    .action(async (dir: string) => {
      const { initAction } = await import("../actions/init.js");
      initAction(dir, out);
    });
}
