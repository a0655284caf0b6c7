/**
 * What `spin load` would refuse once the checks have passed, without a scenario (`spin check`'s
 * last step, issue 12): the module is evaluated in a sandbox VM with the default limits, and
 * what it registered is installed into a throwaway dispatcher on behalf of a stand-in
 * application, through the very code `spin load` uses (bootAndInstall in attach.ts). So a
 * module that throws or never calls defineExtension, a name that is not one, an unknown event,
 * invalid options or guards, First and Last together, or a guard key the event does not have
 * (`Strand.Resume cannot be guarded on vpn`) are refused by both commands alike. What depends
 * on the scenario (the application, the threads a `thread` guard may name) is left to
 * `spin load`.
 *
 * The evaluation runs where `spin load` runs it: in a worker under the host watchdog
 * (supervised-run.ts), so a module that holds the host inside one C call while it is evaluated
 * is stopped at its deadline (load/timeout) by both commands alike, and `spin check` never says
 * `ok` to a file `spin load` refuses (red team 2, finding 2).
 */
import { CHECK_APP, locator, type PreparedExtension } from "./attach.js";
import { withFrames, type LoadProblem } from "./errors.js";
import type { HandlerLocations } from "./locate.js";
import { resolveLoadOptions } from "./load-options.js";
import { checkSupervised } from "./supervised-run.js";
import type { ExtensionSource } from "./source.js";

/** `spin check`'s load-time problems of one compiled extension, found under the host watchdog. */
export async function loadTimeProblems(
  source: ExtensionSource,
  prepared: Pick<PreparedExtension, "js" | "mapPosition"> & { readonly locations: HandlerLocations },
): Promise<LoadProblem[]> {
  const locations = prepared.locations;
  const { problems } = await checkSupervised({
    extension: {
      file: source.file,
      text: source.text,
      app: CHECK_APP,
      mode: "check",
      js: prepared.js,
      statsLine: "",
      mapPosition: prepared.mapPosition,
      locate: locator(locations),
      locations,
    },
    options: resolveLoadOptions({}),
  });
  return withFrames(problems, source.text);
}
