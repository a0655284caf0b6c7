/**
 * The data the playground's build bundles (web/shared/assets.ts): the type check's library files
 * (the closure of lib.es2022.d.ts's `/// <reference lib>` directives), the generated API, every
 * example file, and the exercise catalogue parsed by the project's own parser.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { EXTENSION_LIB } from "../../extensions/check/options.js";
import { isAllowedLibFile } from "../../extensions/check/host.js";
import { libDir } from "../../extensions/check/lib-files.js";
import { loadCatalogue, scenarioFile } from "../../extensions/exercise/catalogue.js";
import { apiDeclarationFile, defaultScenarioFile, packageRoot } from "../../extensions/loader/paths.js";
import type { ExerciseInfo, PlaygroundExamples, PlaygroundLibFiles } from "../shared/assets.js";

/** The extension the page opens with: the one the aims time (examples/pagers/clock.ts). */
export const DEFAULT_EXTENSION = "examples/pagers/clock.ts";

/** Example files the page offers, by extension: what a user could pick or paste. */
const EXAMPLE_FILE = /\.(ts|json|trace|lackey)$/;
/** The bundle holds small files only; a large example would belong to a download, not the page. */
const MAX_EXAMPLE_BYTES = 256 * 1024;

export function collectLibFiles(): PlaygroundLibFiles {
  const lib: Record<string, string> = {};
  const pending = [EXTENSION_LIB];
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (lib[name] !== undefined) continue;
    const file = path.join(libDir, name);
    if (!isAllowedLibFile(file)) throw new Error(`web build: ${name} is not a library file the type check allows`);
    const text = fs.readFileSync(file, "utf8");
    lib[name] = text;
    for (const ref of ts.preProcessFile(text, true, true).libReferenceDirectives)
      pending.push(`lib.${ref.fileName.toLowerCase()}.d.ts`);
  }
  return { lib, api: fs.readFileSync(apiDeclarationFile(), "utf8") };
}

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (entry.isFile() && EXAMPLE_FILE.test(entry.name)) out.push(p);
  }
}

/** The header's free text: the lines after its fields, joined into paragraphs. */
function explanationOf(text: string): string[] {
  const end = text.indexOf("*/");
  const lines = text
    .slice(3, end)
    .split("\n")
    .map((l) => l.replace(/^\s*\*\s?/, ""));
  const field = /^(EXERCISE|Class|Tries|Defence|Expected|Expected-sfi|Scenario|App|With|Check|Check-sfi|Limits):/;
  // Fields come first (a continuation line is indented); the free text starts after a blank line.
  let i = 0;
  while (i < lines.length && (field.test(lines[i]!) || /^\s+\S/.test(lines[i]!))) i++;
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of lines.slice(i)) {
    if (line.trim() === "") {
      if (current.length > 0) paragraphs.push(current.join(" "));
      current = [];
    } else current.push(line.trim());
  }
  if (current.length > 0) paragraphs.push(current.join(" "));
  return paragraphs;
}

export function collectExamples(): PlaygroundExamples {
  const root = packageRoot();
  const found: string[] = [];
  walk(path.join(root, "examples"), found);
  const files: Record<string, string> = {};
  for (const abs of found.sort()) {
    const size = fs.statSync(abs).size;
    if (size > MAX_EXAMPLE_BYTES)
      throw new Error(`web build: ${abs} is ${size} bytes; the page bundles examples of at most ${MAX_EXAMPLE_BYTES}`);
    files[path.relative(root, abs).split(path.sep).join("/")] = fs.readFileSync(abs, "utf8");
  }
  const rel = (abs: string) => path.relative(root, abs).split(path.sep).join("/");
  const exercises: ExerciseInfo[] = loadCatalogue().map((ex) => ({
    name: ex.name,
    file: ex.file.split(path.sep).join("/"),
    attackClass: ex.attackClass,
    tries: ex.tries,
    defence: ex.defence,
    expected: ex.expected,
    scenarioFile: rel(scenarioFile(ex.scenario)),
    ...(ex.app !== undefined ? { app: ex.app } : {}),
    with: ex.with,
    checks: ex.checks,
    limits: ex.limits,
    explanation: explanationOf(files[ex.file.split(path.sep).join("/")] ?? ""),
  }));
  for (const ex of exercises) {
    for (const f of [ex.file, ex.scenarioFile, ...ex.with.map((w) => w.file)]) {
      if (files[f] === undefined)
        throw new Error(`web build: exercise ${ex.name} needs ${f}, which is not among the bundled examples`);
    }
  }
  return { files, exercises, defaultScenario: rel(defaultScenarioFile()), defaultExtension: DEFAULT_EXTENSION };
}
