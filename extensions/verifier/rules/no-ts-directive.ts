import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

const DIRECTIVE = /@ts-(ignore|nocheck|expect-error)\b/;

export default defineRule({
  id: "no-ts-directive",
  messages: {
    directive: "'@ts-{{directive}}' comment; expected no compiler directive (type errors must be fixed, not silenced)",
  },
  why: "`@ts-ignore`, `@ts-expect-error` and `@ts-nocheck` suppress type errors, so an ill-typed extension would pass the type check.",
  check(ctx) {
    const { sourceFile } = ctx;
    const text = sourceFile.text;
    const seen = new Set<number>();
    // Visit every token (getChildren includes punctuation), so every comment is the leading trivia of some token.
    const visit = (n: ts.Node): void => {
      const kids = n.getChildren(sourceFile);
      if (kids.length === 0 || n.kind === ts.SyntaxKind.EndOfFileToken) {
        for (const r of [
          ...(ts.getLeadingCommentRanges(text, n.pos) ?? []),
          ...(ts.getTrailingCommentRanges(text, n.pos) ?? []),
        ]) {
          if (seen.has(r.pos)) continue;
          seen.add(r.pos);
          const m = DIRECTIVE.exec(text.slice(r.pos, r.end));
          if (m !== null)
            ctx.reportRange(r.pos + m.index, r.pos + m.index + m[0].length, "directive", { directive: m[1] ?? "" });
        }
      }
      for (const k of kids) visit(k);
    };
    visit(sourceFile);
  },
});
