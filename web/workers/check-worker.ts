/**
 * The check as you type: the same checks `spin check` runs (the type check against the generated
 * API and the verifier; in sfi mode the SFI mode's verdicts and, when asked, its rewrite), in a
 * Web Worker so the editor never waits. The page terminates this worker when a check goes past
 * its time limit (a type-level bomb) and starts a fresh one.
 */
import { ExtensionRejected, VerifierInternalError } from "../../extensions/diagnostics.js";
import { executionModes } from "../../extensions/loader/modes.js";
import { apiDeclarationFile } from "../adapters/paths.js";
import type { CheckReply, CheckRequest } from "../shared/protocol.js";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<CheckRequest>) => void) | null;
  postMessage(m: CheckReply): void;
};

function check(req: CheckRequest): Omit<CheckReply, "id" | "ms"> {
  const context = { apiDeclarationFile: apiDeclarationFile() };
  try {
    const p = executionModes[req.mode].prepare(req.file, req.source, context);
    return {
      errors: [],
      warnings: p.warnings,
      statsLine: p.statsLine,
      ...(req.emit ? { emitted: p.listing.code } : {}),
    };
  } catch (error) {
    if (error instanceof ExtensionRejected)
      return { errors: error.diagnostics, warnings: [], statsLine: error.statsLine ?? "" };
    throw error;
  }
}

scope.onmessage = (event) => {
  const req = event.data;
  const started = performance.now();
  let reply: Omit<CheckReply, "id" | "ms">;
  try {
    reply = check(req);
  } catch (error) {
    const what = error instanceof VerifierInternalError ? "the checker failed" : "internal error";
    reply = {
      errors: [],
      warnings: [],
      statsLine: "",
      internalError: `${what}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  scope.postMessage({ id: req.id, ms: performance.now() - started, ...reply });
};
