/**
 * `spin playground`: serve the playground (docs/PLAYGROUND.md) on localhost, building it first
 * when it has not been built (`npm run build:web`). Runs until interrupted (Ctrl-C).
 */
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { visible } from "../../extensions/visible.js";
import { UsageError, parseInteger } from "../user-error.js";

/** The port tried first when none is given; if it is taken, the system picks a free one. */
export const DEFAULT_PORT = 8377;

export function registerPlayground(program: Command, out: (text: string) => void): void {
  program
    .command("playground")
    .description(
      "serve the playground on localhost: write, check and run an extension in a web page (builds it first if needed)",
    )
    .option(
      "--port <n>",
      `port on 127.0.0.1 (default ${DEFAULT_PORT}, or a free one if that is taken; 0: a free one)`,
      parseInteger("port", 0, 65535),
    )
    .option("--rebuild", "build the page again even if it is built")
    .action(async (flags: { port?: number; rebuild?: boolean }) => {
      // The build and the server are web/node/ (compiled beside this file); esbuild is needed only to build.
      const { buildPlayground, playgroundDir } = await import("../../web/node/build.js");
      const { serveStatic } = await import("../../web/node/serve.js");
      const dir = playgroundDir();
      if (flags.rebuild || !fs.existsSync(path.join(dir, "index.html"))) {
        out(`building the playground into ${visible(dir)} …`);
        try {
          await buildPlayground(dir);
        } catch (error) {
          if ((error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND") {
            throw new UsageError(
              "the playground is not built and its build tools are missing: run `npm install` in the spin-kernel folder (esbuild and CodeMirror are dev dependencies), then `npm run build:web`",
            );
          }
          throw error;
        }
      }
      let server: Awaited<ReturnType<typeof serveStatic>>;
      try {
        server = await serveStatic(dir, flags.port ?? DEFAULT_PORT);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === "EADDRINUSE" && flags.port === undefined) server = await serveStatic(dir, 0);
        else if (code === "EADDRINUSE")
          throw new UsageError(`port ${flags.port} is in use; give another with --port, or --port 0 for a free one`);
        else if (code === "EACCES") throw new UsageError(`port ${flags.port} needs privileges; use a port above 1023`);
        else throw error;
      }
      out(`playground: ${server.url}  (serving ${visible(dir)}; Ctrl-C stops)`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          void server.close().then(resolve);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
