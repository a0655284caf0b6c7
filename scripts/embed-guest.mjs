/**
 * Build step: the guest-side JavaScript (sandbox/guest/*.js, checked by sandbox/guest/tsconfig.json
 * and linted) becomes string constants in sandbox/guest.generated.ts, which the sandbox imports.
 * So the host never reads a file to find its guest code (the browser playground has no file
 * system), and the tests and dist/ run the very same text.
 *
 * What is embedded is each file from its first line of code on, less the lines that are only a
 * tool's directive comment (`// @ts-…`, `// biome-ignore …`): the file's leading comment and the
 * type checker's and linter's notes never reach the guest. Everything else is kept byte for byte
 * (QuickJS keeps every function's source: a changed comment inside one changes what guests see).
 * Lines are handled as lines, so no string in a guest file may span lines: no template literal and
 * no line continuation outside comments (checked).
 *
 * Run by `npm run build` (and so by `prepare`), by `npm test`, and as vitest's global setup (a
 * test run never sees stale text). Writes the file only when its content changes.
 *
 *   node scripts/embed-guest.mjs
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const GUEST = path.join(root, "sandbox", "guest");
const OUT = path.join(root, "sandbox", "guest.generated.ts");

/** File → the constant it becomes. */
const FILES = [
  ["prelude.js", "PRELUDE_JS"],
  ["sfi-runtime.js", "SFI_RUNTIME_JS"],
  ["native-frame.js", "NATIVE_FRAME_JS"],
];

const DIRECTIVE = /^\s*\/\/\s*(@ts-|biome-ignore)/;
const COMMENT = /^\s*\/\//;

/** The text of one guest file as the guest gets it. */
export function guestText(file, text) {
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (!COMMENT.test(line) && (line.includes("`") || line.endsWith("\\"))) {
      throw new Error(
        `sandbox/guest/${file}:${i + 1}: a string that may span lines (a template literal or a line continuation); guest files are embedded line by line`,
      );
    }
  });
  let first = 0;
  while (first < lines.length && (COMMENT.test(lines[first]) || lines[first].trim() === "")) first++;
  const kept = lines.slice(first).filter((line) => !DIRECTIVE.test(line));
  // The file's final newline is not part of the text.
  if (kept.length > 0 && kept[kept.length - 1] === "") kept.pop();
  return kept.join("\n");
}

export function embedGuest() {
  const constants = FILES.map(([file, name]) => {
    const text = guestText(file, fs.readFileSync(path.join(GUEST, file), "utf8"));
    return `/** sandbox/guest/${file}, as the guest runs it. */\nexport const ${name} = ${JSON.stringify(text)};\n`;
  });
  const content = `// Generated from sandbox/guest/*.js by scripts/embed-guest.mjs (npm run build): do not edit.\n\n${constants.join("\n")}`;
  const old = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : undefined;
  if (old !== content) fs.writeFileSync(OUT, content);
}

/** vitest's global setup. */
export default function setup() {
  embedGuest();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  embedGuest();
