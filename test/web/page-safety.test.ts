/**
 * Static checks of the playground's sources: the page sets no markup from strings (every guest or
 * user string goes in as text, web/page/dom.ts), and each browser counterpart of a project module
 * (web/node/build.ts, SUBSTITUTES) exports every name the module it replaces exports, so a new
 * export cannot leave the page with a missing function.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { SUBSTITUTES } from "../../web/node/build.js";

const web = path.resolve("web");

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
    );
}

/** Names a module exports at run time (types left out). */
function runtimeExports(file: string): Set<string> {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const names = new Set<string>();
  for (const st of sf.statements) {
    const exported =
      ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) names.add(st.name.text);
    if (exported && ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
    if (ts.isExportDeclaration(st) && !st.isTypeOnly && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const e of st.exportClause.elements) if (!e.isTypeOnly) names.add(e.name.text);
    }
  }
  return names;
}

describe("the playground's sources", () => {
  it("never set markup from a string", () => {
    const offenders = sources(path.join(web, "page"))
      .concat(sources(path.join(web, "workers")))
      .filter((f) =>
        /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/.test(
          fs.readFileSync(f, "utf8"),
        ),
      );
    expect(offenders).toEqual([]);
  });

  it("substitute only modules that exist, by counterparts that export all they export", () => {
    expect(SUBSTITUTES.length).toBeGreaterThan(0);
    for (const s of SUBSTITUTES) {
      const original = runtimeExports(path.resolve(s.module));
      const counterpart = runtimeExports(path.resolve(s.by));
      const missing = [...original].filter((n) => !counterpart.has(n));
      expect({ module: s.module, missing }).toEqual({ module: s.module, missing: [] });
    }
  });
});
