/**
 * The placements that run an extension in V8 rather than QuickJS: `native` (SPIN's model: in the
 * kernel's own engine, in a SES Compartment) and `server` (the microkernel model: in a worker
 * thread of its own, one IPC round trip per event). Both trust what `typed` trusts (the type check
 * against the extension API and the verifier must pass) and run the same code: the transpiled
 * extension with SFI's fuel pass alone (extensions/sfi/fuel-only.ts), since V8 has no interrupt
 * counter a host could poll to stop a runaway loop.
 */
import { checkExtension } from "../../check/pipeline.js";
import { isStackOverflow, stackOverflowDiagnostic } from "../../check/nesting.js";
import { ExtensionRejected } from "../../diagnostics.js";
import { rewriteWithFuel } from "../../sfi/fuel-only.js";
import type { ExecutionMode, PrepareContext, PreparedExtension } from "./mode.js";

function prepareForV8(file: string, source: string, context: PrepareContext, placement: string): PreparedExtension {
  const report = checkExtension(file, source, { apiDeclarationFile: context.apiDeclarationFile }, context.recentChecks);
  if (report.diagnostics.length > 0) throw new ExtensionRejected(report.diagnostics, file, report.statsLine);
  let rewrite: ReturnType<typeof rewriteWithFuel>;
  try {
    rewrite = rewriteWithFuel(file, source);
  } catch (e) {
    if (isStackOverflow(e)) throw new ExtensionRejected([stackOverflowDiagnostic(file, source, "the fuel pass")], file);
    throw e;
  }
  const inserted = Object.entries(rewrite.stats)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const statsLine = `${report.statsLine}; fuel checks: ${inserted || "none"}`;
  return {
    js: rewrite.js,
    mapPosition: rewrite.mapPosition,
    positions: rewrite.positions,
    statsLine,
    warnings: [],
    listing: {
      header: `checked as typed, with SFI's fuel pass alone (${statsLine}); runs in ${placement}`,
      code: rewrite.js,
    },
  };
}

export const nativeMode: ExecutionMode = {
  name: "native",
  spec: { name: "native" },
  description:
    "SPIN's model: type check + verifier as typed, then the kernel's own V8 in a SES Compartment, stopped by fuel",
  prepare: (file, source, context) => prepareForV8(file, source, context, "a SES Compartment of the kernel's V8"),
};

export const serverMode: ExecutionMode = {
  name: "server",
  spec: { name: "server" },
  description:
    "the microkernel model: type check + verifier as typed, then a worker thread of its own (V8 + SES), one IPC round trip per event",
  prepare: (file, source, context) => prepareForV8(file, source, context, "a worker thread of its own (V8 + SES)"),
};
