#!/usr/bin/env node
// The `spin` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error(
    "spin: the build is missing (dist/cli/main.js). Run `npm install` (or `npm run build`) in the spin-kernel folder.",
  );
  process.exit(70);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
