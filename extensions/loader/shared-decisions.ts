/**
 * Two extensions deciding the same event for the same application (issue 12): both handlers run,
 * and the dispatcher's default result handler keeps the last result (kernel/dispatcher: SPIN's
 * "last wins"), so one extension's decisions are silently thrown away. `spin load` says so.
 */
import { catalogue, isEventName, type EventName } from "../../kernel/events/catalogue.js";
import type { ExtensionReport } from "./account.js";

export interface SharedDecision {
  readonly app: string;
  readonly event: EventName;
  /** The extensions' files, in the order they were loaded. */
  readonly files: readonly string[];
}

/** Every (application, event with a result) that more than one loaded extension handles. */
export function sharedDecisions(
  extensions: readonly Pick<ExtensionReport, "app" | "file" | "handlers">[],
): SharedDecision[] {
  const byKey = new Map<string, { app: string; event: EventName; files: string[] }>();
  for (const e of extensions) {
    for (const event of new Set(e.handlers.map((h) => h.event))) {
      // A report's events are the extension's own names (a forged report's too): known ones only.
      if (!isEventName(event) || !catalogue[event].synchronous) continue;
      const key = JSON.stringify([e.app, event]);
      const entry = byKey.get(key) ?? { app: e.app, event, files: [] };
      entry.files.push(e.file);
      byKey.set(key, entry);
    }
  }
  return [...byKey.values()].filter((s) => s.files.length > 1);
}
