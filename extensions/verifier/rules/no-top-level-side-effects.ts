import ts from "typescript";
import { EXTENSION_MODULE } from "../../check/options.js";
import { defineRule } from "../rule.js";
import { isImportFrom } from "../util.js";

/** Builtin constructors whose `new` at top level has no effect beyond allocating. */
const PURE_CONSTRUCTORS = new Set(["Map", "Set", "Array", "Uint8Array", "Uint16Array", "Uint32Array", "Int8Array", "Int16Array", "Int32Array", "Float32Array", "Float64Array"]);

/** An expression whose evaluation has no effect but producing its value. */
function isPure(e: ts.Expression): boolean {
  if (
    ts.isLiteralExpression(e) ||
    ts.isIdentifier(e) ||
    ts.isArrowFunction(e) ||
    ts.isFunctionExpression(e) ||
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword ||
    e.kind === ts.SyntaxKind.NullKeyword
  ) {
    return true;
  }
  if (ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e) || ts.isAsExpression(e) || ts.isTypeOfExpression(e)) return isPure(e.expression);
  if (ts.isPrefixUnaryExpression(e)) return e.operator !== ts.SyntaxKind.PlusPlusToken && e.operator !== ts.SyntaxKind.MinusMinusToken && isPure(e.operand);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return false;
    return isPure(e.left) && isPure(e.right);
  }
  if (ts.isConditionalExpression(e)) return isPure(e.condition) && isPure(e.whenTrue) && isPure(e.whenFalse);
  if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => isPure(s.expression));
  if (ts.isPropertyAccessExpression(e)) return isPure(e.expression);
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => (ts.isSpreadElement(x) ? isPure(x.expression) : ts.isOmittedExpression(x) || isPure(x)));
  if (ts.isObjectLiteralExpression(e)) {
    return e.properties.every((p) => {
      if (p.name !== undefined && ts.isComputedPropertyName(p.name) && !isPure(p.name.expression)) return false;
      if (ts.isPropertyAssignment(p)) return isPure(p.initializer);
      if (ts.isSpreadAssignment(p)) return isPure(p.expression);
      return true; // shorthand, methods, accessors
    });
  }
  if (ts.isNewExpression(e)) {
    return ts.isIdentifier(e.expression) && PURE_CONSTRUCTORS.has(e.expression.text) && (e.arguments ?? []).every(isPure);
  }
  return false;
}

function classIsPure(c: ts.ClassLikeDeclaration): boolean {
  if (ts.getDecorators(c) !== undefined) return false;
  if (c.heritageClauses?.some((h) => h.types.some((t) => !isPure(t.expression)))) return false;
  return c.members.every((m) => {
    if (ts.isClassStaticBlockDeclaration(m)) return false;
    if (ts.canHaveDecorators(m) && ts.getDecorators(m) !== undefined) return false;
    if (m.name !== undefined && ts.isComputedPropertyName(m.name) && !isPure(m.name.expression)) return false;
    const isStatic = ts.canHaveModifiers(m) && (ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) ?? false);
    if (ts.isPropertyDeclaration(m) && isStatic && m.initializer !== undefined) return isPure(m.initializer);
    return true;
  });
}

export default defineRule({
  id: "no-top-level-side-effects",
  messages: {
    statement: "top-level {{kind}} runs at load time; expected only declarations and 'export default defineExtension(...)'",
    initializer: "top-level initializer of '{{name}}' runs code at load time; expected a literal, a function, or an object/array of those",
    classEffect: "class '{{name}}' runs code at load time (decorator, static block or static initializer); expected a plain class",
    enumEffect: "enum member '{{name}}' runs code at load time; expected a constant initializer",
    defaultExport: "default export is not 'defineExtension(...)' from '" + EXTENSION_MODULE + "'",
    impureSpec: "argument of defineExtension runs code at load time; expected an object literal of functions and constants",
    missingDefault: "no 'export default defineExtension(...)'; expected exactly one",
    duplicateDefault: "second default export; expected exactly one 'export default defineExtension(...)'",
  },
  why: "Loading an extension must only register it: code at module top level would run before any capability is granted, outside every event handler's accounting.",
  check(ctx) {
    const { sourceFile } = ctx;
    let defaults = 0;
    for (const st of sourceFile.statements) {
      if (
        ts.isImportDeclaration(st) ||
        ts.isExportDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st) ||
        ts.isModuleDeclaration(st) || // refused by no-declare
        ts.isImportEqualsDeclaration(st) || // refused by no-foreign-import
        ts.isEmptyStatement(st)
      ) {
        continue;
      }
      const isDefault = ts.canHaveModifiers(st) && (ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false);
      if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) {
        if (isDefault) {
          defaults++;
          ctx.report(st, defaults > 1 ? "duplicateDefault" : "defaultExport");
        }
        if (ts.isClassDeclaration(st) && !classIsPure(st)) ctx.report(st.name ?? st, "classEffect", { name: st.name?.text ?? "default" });
        continue;
      }
      if (ts.isEnumDeclaration(st)) {
        for (const m of st.members) {
          if (m.initializer !== undefined && !isPure(m.initializer)) ctx.report(m, "enumEffect", { name: m.name.getText(sourceFile) });
        }
        continue;
      }
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (d.initializer !== undefined && !isPure(d.initializer)) ctx.report(d.initializer, "initializer", { name: d.name.getText(sourceFile) });
        }
        continue;
      }
      if (ts.isExportAssignment(st)) {
        defaults++;
        if (defaults > 1) {
          ctx.report(st, "duplicateDefault");
          continue;
        }
        let e: ts.Expression = st.expression;
        while (ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
        if (st.isExportEquals === true || !ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || !isImportFrom(ctx, e.expression, EXTENSION_MODULE, "defineExtension")) {
          ctx.report(st, "defaultExport");
          continue;
        }
        for (const a of e.arguments) if (!isPure(a)) ctx.report(a, "impureSpec");
        continue;
      }
      ctx.report(st, "statement", { kind: (ts.SyntaxKind[st.kind] ?? "statement").replace(/Statement$/, " statement").toLowerCase() });
    }
    if (defaults === 0) ctx.reportRange(0, 0, "missingDefault");
  },
});
