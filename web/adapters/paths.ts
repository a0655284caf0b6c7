/**
 * Browser counterpart of extensions/loader/paths.ts: in the page the package's files live at
 * virtual paths under /spin-kernel/ (the API declaration is served by lib-files.ts; examples are
 * bundled data, web/shared/assets.ts).
 */
export const PACKAGE_ROOT = "/spin-kernel";

export function packageRoot(): string {
  return PACKAGE_ROOT;
}

export function apiDeclarationFile(): string {
  return `${PACKAGE_ROOT}/extensions/api/extension.d.ts`;
}

export function defaultScenarioFile(): string {
  return `${PACKAGE_ROOT}/examples/scenarios/looping.json`;
}
