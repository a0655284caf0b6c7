/**
 * The entry of the check's startup snapshot (snapshot.ts). Bundled with the compiler into one
 * CommonJS file at build time (scripts/bundle-check-snapshot.mjs), it runs once under
 * `node --build-snapshot`: it loads the compiler and checks a trivial extension in each mode that
 * has its own checks, so that the ES library is parsed and bound and every module is initialised;
 * V8 then writes the whole heap to a blob. A check process started from the blob has all of that
 * at once (docs/PERFORMANCE.md, "Start-up": about a fifth of the CPU of a worker that loads the
 * compiler and parses the library) and answers requests over its IPC channel (serve.ts).
 */
import v8 from "node:v8";
import { ExtensionRejected } from "../diagnostics.js";
import { modeSpecNamed } from "../loader/mode-names.js";
import { prepareAsData } from "../loader/prepare-data.js";
import { answerCheck, type CheckRequest, type CheckServerHello } from "./serve.js";
import { SNAPSHOT_API_ENV } from "./snapshot-env.js";

const WARM_UP_SOURCE =
  'import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ handlers: { "Translation.PageNotPresent": (args) => ({ result: args.vpn }) } });\n';

function warmUp(apiDeclarationFile: string): void {
  for (const mode of ["typed", "sfi"] as const) {
    try {
      prepareAsData(modeSpecNamed(mode), `/spin-snapshot-warm-up-${mode}.ts`, WARM_UP_SOURCE, apiDeclarationFile);
    } catch (e) {
      // A refusal still parsed the library; anything else means the snapshot would be broken.
      if (!(e instanceof ExtensionRejected)) throw e;
    }
  }
}

if (!v8.startupSnapshot.isBuildingSnapshot()) {
  throw new Error("check-snapshot.cjs is the entry of a startup snapshot: run it with node --build-snapshot");
}
const api = process.env[SNAPSHOT_API_ENV];
if (api === undefined) throw new Error(`${SNAPSHOT_API_ENV} is not set`);
warmUp(api);

v8.startupSnapshot.setDeserializeMainFunction(() => {
  const send = process.send?.bind(process);
  if (send === undefined) {
    process.stderr.write("spin: the check process needs an IPC channel (it is started by spin itself)\n");
    process.exit(2);
  }
  send({ pid: process.pid } satisfies CheckServerHello);
  process.on("message", (req: CheckRequest) => answerCheck(req, (m) => send(m)));
  // The process that asked has gone: nothing is left to answer.
  process.on("disconnect", () => process.exit(0));
});
