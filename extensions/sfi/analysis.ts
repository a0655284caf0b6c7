/**
 * One read-only walk over the extension before any pass: the names the rewriter must resolve
 * (imports of the API and of `heap`, the extension's own functions, names that are reassigned or
 * declared twice), the handler functions written in place, and the load-time errors of SFI mode
 * (reserved `__sfi` names, a heap that escapes, API imports the rewriter cannot follow). No type
 * information is used: SFI mode does not trust the type checker.
 */
import ts from "../typescript.js";
import { isExpressionWrapper } from "../expression-wrappers.js";
import { API_MODULE, SFI_MODULE, isReserved, type Analysis, type RewriteError } from "./context.js";
import { NAME_BREAK, keyNames, literalKeyText } from "./function-names.js";

export function analyze(sf: ts.SourceFile): { analysis: Analysis; errors: RewriteError[] } {
  const errors: RewriteError[] = [];
  const heapNames = new Set<string>();
  const defineNames = new Set<string>();
  const kernelNames = new Set<string>();
  const logNames = new Set<string>();
  const declCount = new Map<string, number>();
  /** Where each name is first declared and first assigned: a shadowed import is refused there. */
  const firstDeclared = new Map<string, ts.Identifier>();
  const firstAssigned = new Map<string, ts.Identifier>();
  const handlerLiterals = new Map<ts.Node, string>();
  const err = (node: ts.Node, code: string, message: string): void => void errors.push({ node, code, message });

  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const mod = st.moduleSpecifier.text;
    if (mod !== API_MODULE && mod !== SFI_MODULE) continue;
    const clause = st.importClause;
    if (clause === undefined || clause.isTypeOnly) continue;
    if (clause.name !== undefined)
      err(
        clause.name,
        "sfi/api-import",
        `default import of '${mod}'; expected named imports (import { ... } from "${mod}")`,
      );
    const nb = clause.namedBindings;
    if (nb !== undefined && ts.isNamespaceImport(nb))
      err(nb, "sfi/api-import", `namespace import of '${mod}'; expected named imports`);
    if (nb !== undefined && ts.isNamedImports(nb)) {
      for (const spec of nb.elements) {
        if (spec.isTypeOnly) continue;
        const imported = (spec.propertyName ?? spec.name).text;
        const local = spec.name.text;
        if (mod === SFI_MODULE) {
          if (imported === "heap") heapNames.add(local);
          else err(spec, "sfi/api-import", `'${imported}' is not exported by '${SFI_MODULE}' (exports: heap)`);
        } else if (imported === "defineExtension") defineNames.add(local);
        else if (imported === "kernel") kernelNames.add(local);
        else if (imported === "log") logNames.add(local);
      }
    }
  }

  const declare = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) {
      declCount.set(name.text, (declCount.get(name.text) ?? 0) + 1);
      if (!firstDeclared.has(name.text)) firstDeclared.set(name.text, name);
    } else for (const el of name.elements) if (!ts.isOmittedExpression(el)) declare(el.name);
  };
  const assignName = (id: ts.Identifier): void => {
    if (!firstAssigned.has(id.text)) firstAssigned.set(id.text, id);
  };
  const assignTargets = (e: ts.Expression): void => {
    if (ts.isIdentifier(e)) assignName(e);
    else if (isExpressionWrapper(e)) assignTargets(e.expression);
    else if (ts.isArrayLiteralExpression(e))
      e.elements.forEach((x) => assignTargets(ts.isSpreadElement(x) ? x.expression : x));
    else if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isShorthandPropertyAssignment(p)) assignName(p.name);
        else if (ts.isPropertyAssignment(p)) assignTargets(p.initializer);
        else if (ts.isSpreadAssignment(p)) assignTargets(p.expression);
      }
    } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) assignTargets(e.left);
  };

  const isHeapUse = (id: ts.Identifier, parent: ts.Node): boolean =>
    (ts.isElementAccessExpression(parent) && parent.expression === id) ||
    (ts.isPropertyAccessExpression(parent) && parent.expression === id && parent.name.text === "length");

  // A literal key that names a function, or a class's static `name` given by a literal, with a
  // line break: QuickJS writes a function's name into its stacks (function-names.ts). A computed
  // one is checked when it is computed (passes/core.ts).
  const lineBreakName = (node: ts.Node): void => {
    const names = keyNames(node);
    if (names === undefined || !("name" in node)) return;
    const key = literalKeyText(node.name as ts.PropertyName);
    if (names === "function" && key !== undefined && NAME_BREAK.test(key))
      err(
        node.name as ts.Node,
        "sfi/function-name",
        `a function named ${JSON.stringify(key)}, with a line break; expected a name on one line (QuickJS writes a function's name into its stacks, where a line break would make a frame line of its own)`,
      );
    const value = ts.isPropertyDeclaration(node) ? node.initializer : undefined;
    if (
      names === "class" &&
      key === "name" &&
      value !== undefined &&
      ts.isStringLiteralLike(value) &&
      NAME_BREAK.test(value.text)
    )
      err(
        value,
        "sfi/function-name",
        `a class named ${JSON.stringify(value.text)}, with a line break; expected a name on one line (QuickJS writes a class's name into its stacks, where a line break would make a frame line of its own)`,
      );
  };

  const visit = (node: ts.Node, parent: ts.Node | undefined): void => {
    if (ts.isIdentifier(node)) {
      if (isReserved(node.text))
        err(
          node,
          "sfi/reserved-name",
          `identifier '${node.text}'; names starting with __sfi belong to the SFI runtime`,
        );
      if (
        heapNames.has(node.text) &&
        parent !== undefined &&
        !ts.isImportSpecifier(parent) &&
        !isHeapUse(node, parent)
      ) {
        const isName =
          (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
          (ts.isPropertyAssignment(parent) && parent.name === node);
        if (!isName)
          err(
            node,
            "sfi/heap-escape",
            `'${node.text}' used as a value; expected only '${node.text}[i]' or '${node.text}.length' (the data segment must not escape)`,
          );
      }
    }
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) {
      if (!ts.isBindingElement(node) || ts.isIdentifier(node.name)) declare(node.name);
    }
    if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isFunctionExpression(node)) && node.name)
      declare(node.name);
    // Every other form that binds a value name: counted too, so that a name bound twice is never
    // resolved as the extension's own function (an `import f = N.g` in a namespace made `f()` a
    // direct call of a bound function: red team 13, sfi-import-equals-shadow).
    if (
      (ts.isImportEqualsDeclaration(node) || ts.isEnumDeclaration(node) || ts.isClassExpression(node)) &&
      node.name !== undefined
    )
      declare(node.name);
    if (ts.isModuleDeclaration(node) && ts.isIdentifier(node.name)) declare(node.name);
    if (ts.isCatchClause(node) && node.variableDeclaration) {
      /* declared through VariableDeclaration */
    }
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    )
      assignTargets(node.left);
    if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    )
      assignTargets(node.operand);
    if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer))
      assignTargets(node.initializer);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && defineNames.has(node.expression.text))
      findHandlers(node);
    lineBreakName(node);
    ts.forEachChild(node, (c) => visit(c, node));
  };

  const handlerFn = (v: ts.Expression, event: string): void => {
    if (ts.isArrowFunction(v) || ts.isFunctionExpression(v)) handlerLiterals.set(v, event);
    else if (ts.isObjectLiteralExpression(v)) {
      for (const p of v.properties) {
        if (ts.isPropertyAssignment(p) && propName(p.name) === "handler") handlerFn(p.initializer, event);
        if (ts.isMethodDeclaration(p) && propName(p.name) === "handler") handlerLiterals.set(p, event);
      }
    } else if (ts.isArrayLiteralExpression(v)) v.elements.forEach((e) => handlerFn(e, event));
  };
  const findHandlers = (call: ts.CallExpression): void => {
    const def = call.arguments[0];
    if (def === undefined || !ts.isObjectLiteralExpression(def)) return;
    for (const p of def.properties) {
      if (
        !ts.isPropertyAssignment(p) ||
        propName(p.name) !== "handlers" ||
        !ts.isObjectLiteralExpression(p.initializer)
      )
        continue;
      for (const h of p.initializer.properties) {
        const ev = h.name ? propName(h.name) : undefined;
        if (ev === undefined) continue;
        if (ts.isPropertyAssignment(h)) handlerFn(h.initializer, ev);
        else if (ts.isMethodDeclaration(h)) handlerLiterals.set(h, ev);
      }
    }
  };
  visit(sf, undefined);

  const unstable = new Set<string>(firstAssigned.keys());
  for (const [name, n] of declCount) if (n > 1) unstable.add(name);
  // The rewriter resolves these imports by name, not by scope: one declaration of the name anywhere
  // (a parameter of an unrelated function) would either redirect that declaration's uses to the
  // runtime or, for `kernel` and `log`, leave every use in the file on the unchecked kernel (red
  // team 13, sfi-kernel-rename-shadow). So a name imported from the API is never declared again.
  for (const name of [...heapNames, ...defineNames, ...kernelNames, ...logNames]) {
    const declaration = firstDeclared.get(name);
    if (declaration !== undefined)
      err(
        declaration,
        "sfi/shadowed-import",
        `'${name}' is imported from the API and declared again here; in SFI mode the rewriter resolves an imported name by name, not by scope: give this declaration another name`,
      );
    const assignment = firstAssigned.get(name);
    if (assignment !== undefined) err(assignment, "sfi/shadowed-import", `'${name}' is assigned; imports are constant`);
  }
  const ownFunctions = new Set<string>();
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && !unstable.has(st.name.text)) ownFunctions.add(st.name.text);
    if (ts.isVariableStatement(st) && (st.declarationList.flags & ts.NodeFlags.Const) !== 0) {
      for (const d of st.declarationList.declarations) {
        if (
          ts.isIdentifier(d.name) &&
          d.initializer &&
          (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer)) &&
          !unstable.has(d.name.text)
        )
          ownFunctions.add(d.name.text);
      }
    }
  }
  return {
    analysis: {
      heapNames,
      defineNames,
      kernelNames,
      logNames,
      unstable,
      ownFunctions,
      declared: new Set(declCount.keys()),
      handlerLiterals,
    },
    errors,
  };
}

export function propName(n: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n))
    return n.text;
  return undefined;
}
