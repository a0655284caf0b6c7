/**
 * What a process or thread that runs the time-limited checks answers (timeout.ts asks): a
 * `type-check` request gets the type check's diagnostics, a `prepare` request the whole of an
 * execution mode's checks and compilation as data, so that the one who asked never loads the
 * compiler. Two transports carry it: the worker thread (worker.ts) and the process started from
 * the check's startup snapshot (snapshot-entry.ts); this module knows neither.
 */
import { ExtensionRejected, type Diagnostic } from "../diagnostics.js";
import type { ModeSpec } from "../loader/mode-names.js";
import { prepareAsData, type PreparedData } from "../loader/prepare-data.js";
import { onTypeChecked, typeCheckExtension } from "./index.js";
import { RecentChecks } from "./pipeline.js";

/**
 * The checks this server made lately: one extension prepared for several placements in turn
 * (the exercise runner's matrix) is type-checked and verified once (pipeline.ts).
 */
export const recentChecks = new RecentChecks();

/**
 * Sent once, first: whose CPU time the time limit counts (timeout.ts): a worker's thread, or the
 * snapshot process (all its threads).
 */
export type CheckServerHello = { readonly tid: number | undefined } | { readonly pid: number };

export type CheckRequest =
  | {
      readonly kind: "type-check";
      readonly id: number;
      readonly file: string;
      readonly source: string | undefined;
      readonly apiDeclarationFile: string;
    }
  | {
      readonly kind: "prepare";
      readonly id: number;
      readonly file: string;
      readonly source: string;
      readonly apiDeclarationFile: string;
      readonly mode: ModeSpec;
    };

/** Sent while a request runs, when its type check has finished (timeout.ts). */
export interface CheckTypeChecked {
  readonly typeChecked: number;
}

/** What a `prepare` request gives: the prepared extension, or why it was refused. */
export type PrepareOutcome =
  | { readonly prepared: PreparedData }
  | { readonly rejected: { readonly diagnostics: readonly Diagnostic[]; readonly statsLine: string | undefined } };

export type CheckAnswer = { diagnostics: Diagnostic[] } | PrepareOutcome;

export type CheckReply = ({ id: number; ok: true } & CheckAnswer) | { id: number; ok: false; error: string };

/** Answer one request through `send` (its progress note first, then its reply). */
export function answerCheck(req: CheckRequest, send: (message: CheckReply | CheckTypeChecked) => void): void {
  onTypeChecked(() => send({ typeChecked: req.id }));
  try {
    if (req.kind === "type-check") {
      const diagnostics = typeCheckExtension(req.file, req.source, { apiDeclarationFile: req.apiDeclarationFile });
      send({ id: req.id, ok: true, diagnostics });
      return;
    }
    try {
      const prepared = prepareAsData(req.mode, req.file, req.source, req.apiDeclarationFile, recentChecks);
      send({ id: req.id, ok: true, prepared });
    } catch (e) {
      if (!(e instanceof ExtensionRejected)) throw e;
      send({ id: req.id, ok: true, rejected: { diagnostics: e.diagnostics, statsLine: e.statsLine } });
    }
  } catch (e) {
    send({ id: req.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
