/**
 * Core rewriting, always applied in SFI mode (whatever passes are on):
 *  - `import { heap } from "spin-kernel/sfi"` is removed; `heap` becomes the runtime's segment
 *    `__sfi_heap` (the heap pass then confines each access);
 *  - `defineExtension(def)` becomes `__sfi_define(def, site)`, which reads the definition once
 *    and wraps every handler (the checked kernel, the fuel report, the site its checks name); the
 *    fuel reset, the capability snapshot, the result check and the sticky-trap check are the
 *    runtime's result guard, which the prelude calls around every handler however it was
 *    registered;
 *  - with the capability pass, `kernel` / `log` from the API become the runtime's checked kernel;
 *  - every `catch` block starts with `__sfi_rt(e)` (e: the caught value, when the clause names it),
 *    so a trap cannot be caught and forgotten, and an error the engine made is kept as it was
 *    made before the block's code holds it;
 *  - a computed key that names a function, or a class's static field, goes through `__sfi_name`,
 *    and so does the value of a class's static `name` field that is not a literal: no function's
 *    name holds a line break, which QuickJS would write into its stacks as a frame line of the
 *    extension's choosing (function-names.ts, frame-name-forge).
 */
import ts from "../../typescript.js";
import { API_MODULE, SFI_MODULE, callRuntime, count, like, num, visitValues, type RewriteContext } from "../context.js";
import { keyNames, literalKeyText } from "../function-names.js";

export function corePass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  const a = ctx.analysis;
  const renameKernel = ctx.options.passes.capability;
  return (tctx) => {
    const f = tctx.factory;
    const replacement = (name: string): ts.Expression | undefined => {
      if (a.heapNames.has(name)) return f.createIdentifier("__sfi_heap");
      if (a.defineNames.has(name)) return f.createIdentifier("__sfi_define");
      if (renameKernel && a.kernelNames.has(name) && !a.declared.has(name)) return f.createIdentifier("__sfi_kernel");
      if (renameKernel && a.logNames.has(name) && !a.declared.has(name))
        return f.createPropertyAccessExpression(f.createIdentifier("__sfi_kernel"), "log");
      return undefined;
    };
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (ts.isImportDeclaration(node)) {
        const m = node.moduleSpecifier;
        if (ts.isStringLiteral(m) && m.text === SFI_MODULE) return undefined;
        if (ts.isStringLiteral(m) && m.text === API_MODULE) return node;
        return node;
      }
      if (ts.isIdentifier(node)) {
        const r = replacement(node.text);
        return r === undefined ? node : like(r, node);
      }
      if (ts.isShorthandPropertyAssignment(node)) {
        const r = replacement(node.name.text);
        if (r !== undefined) return like(f.createPropertyAssignment(node.name.text, like(r, node.name)), node);
        return node;
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && a.defineNames.has(node.expression.text)) {
        count(ctx, "core.define");
        const site = ctx.sites.add(node);
        const args = node.arguments.map((x) => ts.visitNode(x, visit) as ts.Expression);
        return like(callRuntime(f, "__sfi_define", [...args.slice(0, 1), num(f, site)]), node);
      }
      if (ts.isComputedPropertyName(node) && literalKeyText(node) === undefined) {
        const names = keyNames(node.parent);
        if (names !== undefined) {
          count(ctx, "core.name");
          const key = ts.visitNode(node.expression, visit) as ts.Expression;
          const site = ctx.sites.add(node);
          const args = [key, num(f, site), num(f, names === "class" ? 1 : 0)];
          return f.updateComputedPropertyName(node, like(callRuntime(f, "__sfi_name", args), node.expression));
        }
      }
      if (
        ts.isPropertyDeclaration(node) &&
        keyNames(node) === "class" &&
        literalKeyText(node.name) === "name" &&
        node.initializer !== undefined &&
        !ts.isStringLiteralLike(node.initializer)
      ) {
        count(ctx, "core.name");
        const n = visitValues(node, visit, tctx);
        const site = ctx.sites.add(node.initializer);
        const value = like(callRuntime(f, "__sfi_name", [n.initializer!, num(f, site), num(f, 2)]), node.initializer);
        return f.updatePropertyDeclaration(
          n,
          n.modifiers,
          n.name,
          n.questionToken ?? n.exclamationToken,
          n.type,
          value,
        );
      }
      if (ts.isCatchClause(node)) {
        count(ctx, "core.catch");
        const c = visitValues(node, visit, tctx);
        // The caught value, when the clause names it: the runtime keeps the stack of an error the
        // engine made before the clause's code can replace it (sandbox/guest/prelude.js, "where
        // an error was made"). A destructured one is not held whole by the clause's code.
        const name = c.variableDeclaration?.name;
        const caught = name !== undefined && ts.isIdentifier(name) ? [f.createIdentifier(name.text)] : [];
        return f.updateCatchClause(
          c,
          c.variableDeclaration,
          f.updateBlock(c.block, [
            f.createExpressionStatement(callRuntime(f, "__sfi_rt", caught)),
            ...c.block.statements,
          ]),
        );
      }
      return visitValues(node, visit, tctx);
    };
    return (sf) => ts.visitEachChild(sf, visit, tctx);
  };
}
