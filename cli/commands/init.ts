/**
 * `spin init <dir>`: a ready folder for writing an extension, outside this package: package.json,
 * tsconfig.json, an example pager, a README (extensions/starter.ts). What it does is
 * cli/actions/init.ts, loaded when it runs.
 */
import type { Command } from "commander";

export function registerInit(program: Command, out: (text: string) => void): void {
  program
    .command("init")
    .description(
      "create a folder for an extension: package.json (npm run check, npm run load), tsconfig.json for your editor, an example pager, a README",
    )
    .argument("<dir>", "folder to create (or an empty one)")
    .action(async (dir: string) => {
      const { initAction } = await import("../actions/init.js");
      initAction(dir, out);
    });
}
