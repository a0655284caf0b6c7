// Bundles the check's startup-snapshot entry (extensions/check/snapshot-entry.ts) with the
// TypeScript compiler into one CommonJS file, dist/extensions/check/check-snapshot.cjs: the script
// `node --build-snapshot` runs needs everything in one file (it can require only Node's own
// modules). Beside it, check-snapshot.json names the build of dist/ it was made with (the digest
// the cache of prepared extensions names the tool by), so that a bundle older than the compiled
// files is never used (extensions/check/snapshot.ts). Part of `npm run build`, after tsc.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "dist/extensions/check");
await build({
  entryPoints: [path.join(root, "extensions/check/snapshot-entry.ts")],
  outfile: path.join(out, "check-snapshot.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  logLevel: "warning",
  legalComments: "none",
});
const { toolDigest } = await import(pathToFileURL(path.join(root, "dist/extensions/loader/prepared-cache.js")).href);
const tool = toolDigest();
if (tool === undefined) throw new Error("cannot name the build of dist/ (toolDigest)");
fs.writeFileSync(path.join(out, "check-snapshot.json"), `${JSON.stringify({ tool })}\n`);
