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
 */
import path from "node:path";
import { Dispatcher } from "../../kernel/dispatcher/dispatcher.js";
import { resolveLimits } from "../../sandbox/limits.js";
import { bootAndInstall, hashSeed, locator, type PreparedExtension } from "./attach.js";
import { ExtensionLoadError, type LoadProblem } from "./errors.js";
import { locateAll, type ExtensionSource } from "./source.js";

export async function loadTimeProblems(
  source: ExtensionSource,
  prepared: Pick<PreparedExtension, "js" | "mapPosition">,
  placement = "typed",
): Promise<LoadProblem[]> {
  try {
    const { vm } = await bootAndInstall(
      {
        file: source.file,
        text: source.text,
        js: prepared.js,
        mapPosition: prepared.mapPosition,
        locate: locator(locateAll(source.text)),
        // A native extension is evaluated in a server here: the same code and Compartment, in a
        // worker of its own, so that `spin check` does not lock down the CLI's realm.
        mode: placement === "native" ? "server" : placement,
      },
      {
        dispatcher: new Dispatcher(),
        principal: { kind: "application", space: 0, name: "(spin check)" },
        limits: resolveLimits(),
        seed: hashSeed(path.basename(source.file)),
        clock: () => 0,
      },
    );
    vm.dispose();
    return [];
  } catch (error) {
    if (error instanceof ExtensionLoadError) return [...error.problems];
    throw error;
  }
}
