/**
 * No BigInt anywhere in an extension (red team 2, findings 1 and 2).
 *
 * An operator on BigInts is a single QuickJS tick however long it computes in C: `x * x` on two
 * 300,000-bit numbers takes ~0.3 s with no interrupt poll, so neither the budget nor the soft
 * timeout sees it, at load time or in a handler. The kernel's API is numbers (frames, pages,
 * nanoseconds, all below 2^53): an extension has no use for a BigInt. So there is none: the
 * sandbox's prelude removes every way to make one at run time (the BigInt function, the 64-bit
 * typed arrays, DataView's 64-bit accessors: sandbox/prelude.ts), and this rule refuses, with
 * their place, the ones the prelude cannot remove and the ones the author should hear about at
 * load rather than as a ReferenceError at run time:
 *
 *  - a BigInt literal (`1n`: QuickJS parses it whatever the globals are);
 *  - a reference to `BigInt`, `BigInt64Array` or `BigUint64Array`;
 *  - the type `bigint` written in the extension (a parameter, a field, a union);
 *  - a call, `new`, member read or `await` whose value the checker types as a bigint (DataView's
 *    `getBigInt64`, an element of a `BigInt64Array` reached through a library type).
 *
 * The first three are syntax and names only, so SFI mode keeps the rule (sandbox/sfi/rules.ts).
 */
import ts from "../../typescript.js";
import { defineRule, type RuleContext } from "../rule.js";
import { referencedGlobal } from "../util.js";

const NAMES: ReadonlySet<string> = new Set(["BigInt", "BigInt64Array", "BigUint64Array"]);

const WHY = "expected numbers only (an operator on BigInts computes unmetered in C; the kernel's API has no BigInt)";

type MessageId = "literal" | "global" | "type" | "value";

function short(node: ts.Node, sf: ts.SourceFile): string {
  const text = node.getText(sf).replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** True if the checker types `node`'s value as a bigint (or a union with one). */
function isBigIntValued(ctx: RuleContext<MessageId>, node: ts.Node): boolean {
  const type = ctx.checker.getTypeAtLocation(node);
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => (t.flags & ts.TypeFlags.BigIntLike) !== 0);
}

/** Does `node` hold a literal, name or type this rule reports on its own (so the value it makes is not reported twice)? */
function holdsReported(node: ts.Node): boolean {
  if (ts.isBigIntLiteral(node) || node.kind === ts.SyntaxKind.BigIntKeyword) return true;
  if (ts.isIdentifier(node) && NAMES.has(node.text)) return true;
  return ts.forEachChild(node, holdsReported) ?? false;
}

/** Expressions that produce a value from something other than an operator on values already seen. */
function isValueSource(node: ts.Node): boolean {
  return (
    ts.isCallExpression(node) ||
    ts.isNewExpression(node) ||
    ts.isPropertyAccessExpression(node) ||
    ts.isElementAccessExpression(node) ||
    ts.isTaggedTemplateExpression(node) ||
    ts.isAwaitExpression(node)
  );
}

export default defineRule({
  id: "no-bigint",
  messages: {
    literal: `BigInt literal '{{text}}'; ${WHY}`,
    global: `reference to '{{name}}'; ${WHY}`,
    type: `the type 'bigint'; ${WHY}`,
    value: `'{{text}}' is a bigint; ${WHY}`,
  },
  why: "An operator on BigInts is one tick however long it computes in C (a product of two 300,000-bit numbers holds the host ~0.3 s with no poll), so a BigInt would let an extension hold the host unmetered, at load or on every event.",
  details: `Found by the second red team (findings 1 and 2): \`x * x\` on two 300,000-bit BigInts in a Reclaim
handler stayed under the 1,000 ms deadline on every event with no poll, no budget, no soft timeout
and no kill (\`hold-under-deadline\`), and thirty such products at top level passed
no-top-level-side-effects, which treated operators as cheap (\`load-time-bigint\`). The kernel's API
is numbers, all below 2^53, so an extension has no use for a BigInt and gets none: the sandbox's
prelude removes \`BigInt\`, \`BigInt64Array\`, \`BigUint64Array\` and DataView's 64-bit accessors in
both modes (QuickJS 2025-09-13 has no switch to leave BigInt out: the context's \`BigInt\`
intrinsic flag is ignored), and this rule refuses what remains, at its place: a BigInt literal
(\`1n\` parses whatever the globals are), a reference to those three names, the type \`bigint\`
written in the extension, and a call, \`new\`, member read or \`await\` the checker types as a bigint
(\`dataView.getBigInt64(0)\`). The first three are syntax and names, so SFI mode keeps the rule.`,
  check(ctx) {
    const sf = ctx.sourceFile;
    return (node) => {
      if (ts.isBigIntLiteral(node)) return ctx.report(node, "literal", { text: short(node, sf) });
      const name = referencedGlobal(node, NAMES);
      if (name !== undefined) return ctx.report(node, "global", { name });
      if (node.kind === ts.SyntaxKind.BigIntKeyword) return ctx.report(node, "type");
      // `BigInt(5)` or `id(1n)` is reported once, at the name or the literal.
      if (isValueSource(node) && isBigIntValued(ctx, node) && !holdsReported(node))
        ctx.report(node, "value", { text: short(node, sf) });
    };
  },
});
