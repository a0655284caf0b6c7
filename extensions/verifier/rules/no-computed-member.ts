import ts from "../../typescript.js";
import { defineRule } from "../rule.js";
import { DANGEROUS_MEMBER_NAMES, literalText } from "../util.js";

type KeyVerdict = { ok: true } | { ok: false; reason: "type" | "name"; detail: string };

export default defineRule({
  id: "no-computed-member",
  messages: {
    computedKey:
      "computed member key of type '{{type}}'; expected a literal, a number, a symbol or a union of safe string literals",
    dangerousKey: "computed member key may be '{{name}}'; expected a key that cannot name a prototype or constructor",
  },
  why: 'A string-typed key can hold "constructor" or "__proto__" at run time, which no name-based rule can see; keys must be literals, numbers, symbols or literal unions the verifier can enumerate.',
  check(ctx) {
    const { checker } = ctx;
    const verdict = (key: ts.Expression): KeyVerdict => {
      if (literalText(key) !== undefined) return { ok: true }; // literal keys are judged by the name-based rules
      const t = checker.getTypeAtLocation(key);
      const parts = t.isUnion() ? t.types : [t];
      for (const part of parts) {
        if ((part.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.ESSymbolLike | ts.TypeFlags.BigIntLike)) !== 0)
          continue;
        if (part.isStringLiteral()) {
          if (DANGEROUS_MEMBER_NAMES.has(part.value)) return { ok: false, reason: "name", detail: part.value };
          continue;
        }
        return { ok: false, reason: "type", detail: checker.typeToString(t) };
      }
      return { ok: true };
    };
    const judge = (key: ts.Expression): void => {
      const v = verdict(key);
      if (v.ok) return;
      if (v.reason === "name") ctx.report(key, "dangerousKey", { name: v.detail });
      else ctx.report(key, "computedKey", { type: v.detail });
    };
    return (node) => {
      if (ts.isElementAccessExpression(node)) judge(node.argumentExpression);
      else if (ts.isComputedPropertyName(node)) judge(node.expression);
    };
  },
});
