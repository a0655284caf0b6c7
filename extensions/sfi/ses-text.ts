/**
 * The text SES refuses, and the literals of the V8 placements (`native`, `server`) written so that
 * it cannot find it there (red team 13, ses-import-text-refused).
 *
 * SES's Compartment `evaluate` (node_modules/ses/src/transforms.js) does not parse what it
 * evaluates: it refuses the whole text if a regex finds, anywhere in it, what could be a dynamic
 * import (`import (`, `import //`, `import /*`: SES_IMPORT_REJECTED), an HTML-like comment (`<!--`,
 * `-->`: SES_HTML_COMMENT_REJECTED) or a direct eval (`eval (`: SES_EVAL_REJECTED), string,
 * template and regex literals included. The fuel rewrite drops comments; in literals the same
 * value can be written with an escape SES's regexes do not read through (`\x69mport (`, `--\x3e`,
 * `\x3c!--`, `\x65val (`):
 * - a string literal is printed anew from its value, escaped (an `after` transformer: the tree is
 *   JavaScript by then, enum values and export names included). TypeScript's printer has no way to
 *   set a string literal's text, so the literal is replaced by an identifier whose text is the
 *   literal's (the printer writes a synthesized identifier's text as it is): same value, same
 *   token in the output;
 * - an untagged template's pieces get a raw text with the escape (their cooked value, the only one
 *   an untagged template shows, is unchanged: TypeScript's factory checks it);
 * - a regex literal's text is a value (`.source`, `toString()`), so no escape in it keeps it:
 *   such a literal is made instead by the Compartment's RegExp, which the native frame keeps as
 *   `__sfi_RegExp` (sandbox/guest/native-frame.js), from its text and flags as escaped strings:
 *   `new __sfi_RegExp("a--\x3e", "g")`. A literal makes a new regex at each evaluation, as this
 *   does, with the same source, flags and prototype; what differs is in the native placements'
 *   own accounting: the constructor charges the pattern's compile as fuel and checks it for the
 *   linear engine (sandbox/native/bounded-strings.ts), which the verifier's no-nonlinear-regexp
 *   already did for the literal;
 * - a tagged template's raw text is a value the tag reads (`String.raw`), and a tag cannot be
 *   given it another way: such a template is refused at load, at its place in the TypeScript,
 *   with what to write instead (`v8LiteralRefusals`).
 * `sesRefusedAt` is the last check: whatever the output still holds (a method named `import`) is
 * refused at load at its mapped position, rather than by SES at a line of the wrapped module.
 */
import ts from "../typescript.js";
import type { RewriteError } from "./context.js";

/** SES's three patterns (transforms.js), each with the index of the character an escape breaks. */
const SES_PATTERNS: readonly {
  readonly what: string;
  readonly re: RegExp;
  readonly at: (m: RegExpExecArray) => number;
}[] = [
  {
    what: "a possible HTML comment (`<!--`, `-->`)",
    re: /<!--|-->/g,
    // `<` of `<!--`, `>` of `-->`: neither can follow a backslash-free escape of ours.
    at: (m) => (m[0] === "<!--" ? m.index : m.index + 2),
  },
  {
    what: "a possible dynamic import (`import (`)",
    re: /(^|[^.]|\.\.\.)\bimport(\s*(?:\(|\/[/*]))/g,
    at: (m) => m.index + (m[1] ?? "").length,
  },
  {
    what: "a possible direct eval (`eval (`)",
    re: /(^|[^.])\beval(\s*\()/g,
    at: (m) => m.index + (m[1] ?? "").length,
  },
];

/** The first place in `text` SES would refuse, and what it would take it for. */
export function sesRefusedAt(text: string): { index: number; what: string } | undefined {
  let first: { index: number; what: string } | undefined;
  for (const p of SES_PATTERNS) {
    p.re.lastIndex = 0;
    const m = p.re.exec(text);
    if (m !== null && (first === undefined || p.at(m) < first.index)) first = { index: p.at(m), what: p.what };
  }
  return first;
}

/**
 * The body of a string literal or an untagged template's piece, with each character SES would
 * read as part of a refused pattern written as `\xHH`: same cooked value. A character already
 * escaped (an odd run of backslashes before it: `\i` is `i`) is replaced with its backslash.
 *
 * One pass, left to right: an escape never makes a match before it (`\xHH` holds none of the
 * patterns' characters in a row), so the search goes on a few characters before the last escape
 * (a pattern's prefix) in the original text. Rescanning and copying the whole text for each
 * match took 30 s for a 120 KB string of `-->` (red team 14, ses-escape-quadratic). What SES
 * would still refuse is checked once after, and escaped the slow way (never seen).
 */
export function escapeForSes(body: string): string {
  const parts: string[] = [];
  let done = 0;
  let last = -1;
  // Each pattern's next place past `last` (null: none left); a pattern is searched again only
  // when the escape passed its place, so each scans the text forward once.
  const next: ({ index: number } | null | undefined)[] = SES_PATTERNS.map(() => undefined);
  for (;;) {
    let k = -1;
    SES_PATTERNS.forEach((p, i) => {
      const cached = next[i];
      if (cached === undefined || (cached !== null && cached.index <= last)) {
        next[i] = null;
        p.re.lastIndex = Math.max(0, last - 4);
        for (let m = p.re.exec(body); m !== null; m = p.re.exec(body)) {
          if (p.at(m) > last) {
            next[i] = { index: p.at(m) };
            break;
          }
          p.re.lastIndex = m.index + 1;
        }
      }
      const at = next[i];
      if (at !== null && at !== undefined && (k < 0 || at.index < k)) k = at.index;
    });
    if (k < 0) break;
    let slashes = 0;
    while (k - slashes - 1 >= done && body[k - slashes - 1] === "\\") slashes++;
    const from = slashes % 2 === 1 ? k - 1 : k;
    parts.push(body.slice(done, from), `\\x${body.charCodeAt(k).toString(16).padStart(2, "0")}`);
    done = k + 1;
    last = k;
  }
  parts.push(body.slice(done));
  const text = parts.join("");
  return sesRefusedAt(text) === undefined ? text : escapeSlowly(text);
}

/** One escape a round, each rescanning the whole text: the fallback of escapeForSes. */
function escapeSlowly(body: string): string {
  let text = body;
  // Each round removes one match and adds none, so the rounds are at most the matches.
  for (let round = 0; round <= body.length; round++) {
    const found = sesRefusedAt(text);
    if (found === undefined) return text;
    const k = found.index;
    let slashes = 0;
    while (k - slashes - 1 >= 0 && text[k - slashes - 1] === "\\") slashes++;
    const from = slashes % 2 === 1 ? k - 1 : k;
    const hex = text.charCodeAt(k).toString(16).padStart(2, "0");
    text = `${text.slice(0, from)}\\x${hex}${text.slice(k + 1)}`;
  }
  throw new Error("internal: escapeForSes did not converge");
}

/** A string's value as a double-quoted literal: JSON's escapes, and `\uXXXX` past ASCII as TypeScript writes it. */
function quoted(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A template piece's raw text for a cooked value (untagged, so only the cooked value shows). */
function templateRaw(cooked: string): string {
  return quoted(cooked).slice(1, -1).replace(/[`$]/g, "\\$&");
}

type TemplatePiece = ts.NoSubstitutionTemplateLiteral | ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail;

function isTemplatePiece(node: ts.Node): node is TemplatePiece {
  return (
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateHead(node) ||
    ts.isTemplateMiddle(node) ||
    ts.isTemplateTail(node)
  );
}

function remakePiece(f: ts.NodeFactory, piece: TemplatePiece, cooked: string, raw: string): TemplatePiece {
  if (ts.isNoSubstitutionTemplateLiteral(piece)) return f.createNoSubstitutionTemplateLiteral(cooked, raw);
  if (ts.isTemplateHead(piece)) return f.createTemplateHead(cooked, raw);
  if (ts.isTemplateMiddle(piece)) return f.createTemplateMiddle(cooked, raw);
  return f.createTemplateTail(cooked, raw);
}

/** The text TypeScript would print for a literal node of the output: its source text if it has one, else its value. */
function sourceTextOf(file: ts.SourceFile, node: ts.Node): string | undefined {
  return node.pos >= 0 && node.end <= file.text.length ? file.text.slice(node.pos, node.end) : undefined;
}

/** The native frame's name for its Compartment's RegExp (sandbox/guest/native-frame.js). */
export const NATIVE_REGEXP = "__sfi_RegExp";

/**
 * A string literal of `value`, escaped for SES. TypeScript's printer has no way to set a string
 * literal's text, but writes a synthesized identifier's text as it is: the identifier's text is
 * the literal (same value, same token in the output).
 */
function escapedString(f: ts.NodeFactory, value: string): ts.Identifier {
  const literal = f.createIdentifier(`"${escapeForSes(quoted(value).slice(1, -1))}"`);
  ts.setEmitFlags(literal, ts.EmitFlags.NoSubstitution);
  return literal;
}

/**
 * The `after` transformer: string literals and untagged templates written so that SES finds none
 * of its patterns in them (see the header). Literals that hold none are left as they are.
 */
export function sesLiteralsPass(): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (file) => {
    const f = context.factory;
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isStringLiteral(node)) {
        const original = sourceTextOf(file, node);
        if (
          sesRefusedAt(quoted(node.text)) === undefined &&
          (original === undefined || sesRefusedAt(original) === undefined)
        ) {
          return node;
        }
        return ts.setTextRange(escapedString(f, node.text), node);
      }
      if (ts.isRegularExpressionLiteral(node)) {
        if (sesRefusedAt(node.text) === undefined) return node;
        const slash = node.text.lastIndexOf("/");
        const regExp = f.createIdentifier(NATIVE_REGEXP);
        ts.setEmitFlags(regExp, ts.EmitFlags.NoSubstitution);
        const made = f.createNewExpression(regExp, undefined, [
          escapedString(f, node.text.slice(1, slash)),
          escapedString(f, node.text.slice(slash + 1)),
        ]);
        return ts.setTextRange(made, node);
      }
      if (isTemplatePiece(node)) {
        const raw = node.rawText ?? templateRaw(node.text);
        if (sesRefusedAt(raw) === undefined && sesRefusedAt(templateRaw(node.text)) === undefined) return node;
        return ts.setTextRange(remakePiece(f, node, node.text, escapeForSes(templateRaw(node.text))), node);
      }
      // A tagged template's raw text is a value: refused before (v8LiteralRefusals) if it matters.
      if (ts.isTaggedTemplateExpression(node)) {
        return f.updateTaggedTemplateExpression(
          node,
          ts.visitNode(node.tag, visit, ts.isExpression),
          node.typeArguments,
          ts.isTemplateExpression(node.template)
            ? f.updateTemplateExpression(
                node.template,
                node.template.head,
                node.template.templateSpans.map((span) =>
                  f.updateTemplateSpan(span, ts.visitNode(span.expression, visit, ts.isExpression), span.literal),
                ),
              )
            : node.template,
        );
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(file, visit, ts.isSourceFile);
  };
}

/**
 * Literals the V8 placements cannot run as written, refused at their place in the TypeScript:
 * - a tagged template whose raw text holds a pattern SES refuses (see the header);
 * - a regex literal this process's V8 cannot compile (red team 13, regex-syntax-v8-refused):
 *   QuickJS (`typed`, `sfi`) parses ES2025's modifier groups `(?i:…)` and a group name used in two
 *   alternatives, Node 20's V8 does not, and V8 would refuse the whole module with a SyntaxError
 *   that names no place. Only these placements refuse it: which syntax is accepted is the
 *   engine's, and a newer V8 accepts more (the verifier's verdict must not depend on the host's
 *   Node).
 */
export function v8LiteralRefusals(sf: ts.SourceFile): RewriteError[] {
  const errors: RewriteError[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(node)) {
      const text = node.getText(sf);
      const slash = text.lastIndexOf("/");
      try {
        new RegExp(text.slice(1, slash), text.slice(slash + 1));
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        errors.push({
          node,
          code: "v8-regexp-syntax",
          message: `V8, which runs the extension in the native and server placements, cannot compile this regex literal (${why}); QuickJS (typed, sfi) can. Write it without that syntax (a modifier group \`(?i:ab)\` as \`[aA][bB]\`; a group name once, not in two alternatives), or run the extension in typed or sfi`,
        });
      }
    }
    if (ts.isTaggedTemplateExpression(node)) {
      const pieces = ts.isTemplateExpression(node.template)
        ? [node.template.head, ...node.template.templateSpans.map((s) => s.literal)]
        : [node.template];
      for (const piece of pieces) {
        const ses = sesRefusedAt(piece.getText(sf));
        if (ses === undefined) continue;
        errors.push({
          node: piece,
          code: "ses-refused-template",
          message: `this tagged template's text holds ${ses.what}, which SES (the native and server placements) refuses anywhere in a module's text; its raw text is a value the tag reads, so it cannot be escaped for you: escape the character yourself (\`>\` as \`\\x3e\`, \`<\` as \`\\x3c\`, the \`i\` of import as \`\\x69\`) or pass the text as a \${} substitution`,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return errors;
}
