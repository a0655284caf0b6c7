/**
 * Bounded, charged string concatenation. In the placements that run an extension in V8 (`native`,
 * `server`; extensions/sfi/fuel-only.ts) it closes what follows; in QuickJS (`typed`, `sfi`: with
 * the fuel pass of extensions/sfi/rewrite.ts) the same check runs in sfi-runtime.js. V8 makes `a + b` of long strings a rope (a cons cell,
 * O(1)), and flattens it later, in one C++ step no fuel counts, when something reads its
 * characters (`===`, `<`, a property key, `charCodeAt`, a regex). Red team 7: `s = s + s` 25 times
 * is a rope of 2^28 characters for ~30 fuel units, and `===` of two of them made V8 flatten one in
 * a single 512 MiB allocation (a server's whole CLI aborted, FATAL heap OOM); comparing 21 M
 * character ropes in a loop let the deadline, not fuel, end a call. The realm's wrappers
 * (sandbox/native/bounded-strings.ts) bound only what String.prototype's functions make; `+`,
 * `+=` and template literals are operators.
 *
 * So each of them is routed through the frame's `__sfi_cat(value, site)` (sandbox/guest/
 * native-frame.js), which, when the value is a string, refuses one longer than the realm's string
 * bound (a RangeError, BEFORE the value is stored anywhere) and charges its length (one unit per
 * CONCAT_CHARS_PER_FUEL characters, sandbox/native/builtin-fuel.ts: the flatten the new string
 * may cost later, once):
 *
 *   a + b              →  __sfi_cat(a + b, site)
 *   `x${a}y`           →  __sfi_cat(`x${a}y`, site)
 *   x += b             →  x = __sfi_cat(x + b, site)
 *   E.p += b           →  (__sfi_tN = E, __sfi_tN.p = __sfi_cat(__sfi_tN.p + b, site))
 *   E[K] += b          →  (__sfi_tN = E, __sfi_tM = K, __sfi_tN[__sfi_tM] = __sfi_cat(__sfi_tN[__sfi_tM] + b, site))
 *
 * The check is on the value, not on the operands' static types: a value typed `number` can hold a
 * string at run time (array covariance), and V8 folds `typeof v === "string"` away where its own
 * feedback says the `+` made a number. The operator itself stays at its own site, with its own
 * type feedback. A compound assignment to a property evaluates its object (and key) once, into
 * temporaries (`__sfi_tN`, one pair per site, declared in the innermost function, class static
 * block or the module; a default value or a class field, which runs outside its function's body,
 * gets an arrow of its own for them), in the order the operator would: object, key, old value, right side. `__sfi`
 * names are refused in extensions, so the temporaries are ours alone.
 *
 * Every place an expression may stand is visited, with no exception by syntax: an enum member's
 * initializer too (red team 8, rope-in-enum-initializer: this pass once returned every enum
 * unvisited, "computed once, at load", but an enum may be declared in a handler, and a computed
 * member may be an arrow called in place). A member whose value TypeScript computes from the
 * text (`B = A + "b"`) is emitted as that constant whatever this pass made of it; a computed one
 * is emitted as rewritten. test/sfi/strings-pass.test.ts checks each syntactic place.
 *
 * An object spread's value and a for-in's object go through `__sfi_idx(value, site)` too: a
 * string (or String object) is a property a character, and an array one an element, listed or
 * copied in C++ (or C) before the spread or the loop runs, with no interrupt check between the
 * copies of one statement (issue 10's string-spread-hold, red team 11's
 * array-spread-object-uncharged held native's thread past the deadline); the runtime charges its
 * length before the walk (16 units an index in the V8 placements, as Object.keys of a string).
 *
 *   { ...v }           →  { ...__sfi_idx(v, site) }
 *   for (k in v)       →  for (k in __sfi_idx(v, site))
 *
 * So does the value of a pattern with an object rest, which copies its keys as a spread does
 * (`const { ...r } = v`, a parameter's, a loop's, a catch's, a nested one's, an assignment's:
 * passes/object-rest.ts desugars each place into one with an expression to charge). A rest in an
 * assignment target is a target, not a spread: it is left as written (red team's
 * object-rest-assignment: wrapped, it made invalid JavaScript).
 */
import ts from "../../typescript.js";
import { skipExpressionWrappers } from "../../expression-wrappers.js";
import {
  callRuntime,
  count,
  isFunctionWithBody,
  isRuntimeCall,
  like,
  num,
  RewriteUnsupported,
  visitValues,
  withBody,
  type RewriteContext,
} from "../context.js";
import { isDestructuring, objectRest } from "./object-rest.js";

function unparenthesized(e: ts.Expression): ts.Expression {
  let x = e;
  while (ts.isParenthesizedExpression(x)) x = x.expression;
  return x;
}

/** Whether `e` is a literal that is not a string (`1 + 2` makes no string). */
function isNumericLiteral(e: ts.Expression): boolean {
  const x = unparenthesized(e);
  return ts.isNumericLiteral(x) || (ts.isPrefixUnaryExpression(x) && ts.isNumericLiteral(x.operand));
}

/** A node that opens a scope of its own for `let` declarations a rewrite needs. */
type TempScope = ts.SourceFile | ts.FunctionLikeDeclaration | ts.ClassStaticBlockDeclaration;

function opensTempScope(n: ts.Node): n is TempScope {
  return ts.isSourceFile(n) || ts.isClassStaticBlockDeclaration(n) || isFunctionWithBody(n);
}

export function stringsPass(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  return (tctx) => {
    const f = tctx.factory;
    let nextTemp = 0;
    /** Temporaries of the scopes being visited, innermost last. */
    const scopes: string[][] = [];
    const temp = (): ts.Identifier => {
      const name = `__sfi_t${nextTemp++}`;
      scopes[scopes.length - 1]!.push(name);
      return f.createIdentifier(name);
    };
    const checked = (value: ts.Expression, at: ts.Node): ts.Expression => {
      count(ctx, "strings.concat");
      return like(callRuntime(f, "__sfi_cat", [value, num(f, ctx.sites.add(at))]), at);
    };
    const indexed = (value: ts.Expression, at: ts.Node): ts.Expression => {
      count(ctx, "strings.indexed");
      return like(callRuntime(f, "__sfi_idx", [value, num(f, ctx.sites.add(at))]), at);
    };
    const late = (value: ts.Expression, at: ts.Node): ts.Expression => {
      count(ctx, "strings.indexed");
      return like(callRuntime(f, "__sfi_late", [value, num(f, ctx.sites.add(at))]), at);
    };
    let nextRest = 0;
    const rest = objectRest({
      f,
      tctx,
      indexed,
      late,
      temp,
      restName: () => f.createIdentifier(`__sfi_rest${nextRest++}`),
      refuse: (node, code, message) => void ctx.errors.push({ node, code, message }),
    });
    /** A destructuring assignment's target: its values visited, its rests (no spreads there) left as written. */
    const visitTarget = (e: ts.Expression): ts.Expression => {
      if (ts.isObjectLiteralExpression(e))
        return f.updateObjectLiteralExpression(
          e,
          e.properties.map((p) =>
            ts.isSpreadAssignment(p)
              ? f.updateSpreadAssignment(p, visitTarget(p.expression))
              : ts.isPropertyAssignment(p)
                ? f.updatePropertyAssignment(
                    p,
                    ts.isComputedPropertyName(p.name) ? (visit(p.name) as ts.PropertyName) : p.name,
                    visitTarget(p.initializer),
                  )
                : (visit(p) as ts.ObjectLiteralElementLike),
          ),
        );
      if (ts.isArrayLiteralExpression(e))
        return f.updateArrayLiteralExpression(
          e,
          e.elements.map((x) =>
            ts.isSpreadElement(x) ? f.updateSpreadElement(x, visitTarget(x.expression)) : visitTarget(x),
          ),
        );
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken)
        return f.updateBinaryExpression(e, visitTarget(e.left), e.operatorToken, visitNode(e.right));
      return visitNode(e);
    };
    const plus = (left: ts.Expression, right: ts.Expression): ts.Expression =>
      f.createBinaryExpression(left, ts.SyntaxKind.PlusToken, right);
    const declare = (names: readonly string[]): ts.Statement =>
      f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList(
          names.map((n) => f.createVariableDeclaration(n)),
          ts.NodeFlags.Let,
        ),
      );
    /** `x += b`, `E.p += b`, `E[K] += b` with the sum checked before it is stored. */
    const compound = (node: ts.BinaryExpression, target: ts.Expression, right: ts.Expression): ts.Expression => {
      const t = skipExpressionWrappers(target);
      if (ts.isIdentifier(t)) return like(f.createAssignment(t, checked(plus(t, right), node)), node);
      if (ts.isPropertyAccessExpression(t)) {
        if (t.expression.kind === ts.SyntaxKind.SuperKeyword)
          return like(f.createAssignment(t, checked(plus(t, right), node)), node);
        const o = temp();
        const ref = f.createPropertyAccessExpression(o, t.name);
        return like(
          f.createParenthesizedExpression(
            f.createCommaListExpression([
              f.createAssignment(o, t.expression),
              f.createAssignment(ref, checked(plus(ref, right), node)),
            ]),
          ),
          node,
        );
      }
      if (ts.isElementAccessExpression(t)) {
        const k = temp();
        const ref = (o: ts.Expression) => f.createElementAccessExpression(o, k);
        if (t.expression.kind === ts.SyntaxKind.SuperKeyword)
          return like(
            f.createParenthesizedExpression(
              f.createCommaListExpression([
                f.createAssignment(k, t.argumentExpression),
                f.createAssignment(ref(t.expression), checked(plus(ref(t.expression), right), node)),
              ]),
            ),
            node,
          );
        const o = temp();
        return like(
          f.createParenthesizedExpression(
            f.createCommaListExpression([
              f.createAssignment(o, t.expression),
              f.createAssignment(k, t.argumentExpression),
              f.createAssignment(ref(o), checked(plus(ref(o), right), node)),
            ]),
          ),
          node,
        );
      }
      // No other target can take `+=` (the type check refuses a destructuring one).
      throw new RewriteUnsupported(node, `'+=' to a ${ts.SyntaxKind[t.kind]}`);
    };
    const visit = (node: ts.Node): ts.VisitResult<ts.Node | undefined> => {
      if (isRuntimeCall(node)) return visitValues(node, visit, tctx);
      // An object rest in a pattern copies its value's keys as a spread does (passes/object-rest.ts):
      // the places it may stand are desugared into declarations and assignments whose value is charged.
      if (ts.isVariableStatement(node)) {
        const split = rest.exported(node);
        if (split !== undefined) return [visit(split[0]) as ts.Statement, visit(split[1]) as ts.Statement];
      }
      if (ts.isVariableDeclarationList(node)) {
        const l = rest.declarationList(node);
        if (l !== undefined) return visitValues(l, visit, tctx);
      }
      if (isFunctionWithBody(node)) {
        const n = rest.parameters(node);
        if (n !== undefined) return visit(n);
      }
      if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
        const n = rest.loop(node);
        if (n !== undefined) return visit(n);
      }
      if (ts.isCatchClause(node)) {
        const n = rest.catchClause(node);
        if (n !== undefined) return visit(n);
      }
      if (isDestructuring(node)) {
        const n = rest.assignment(node);
        if (n !== undefined) return visit(n);
        const right = visitNode(node.right);
        const left = visitTarget(node.left);
        if (!rest.hasTargetRest(node.left)) return f.updateBinaryExpression(node, left, node.operatorToken, right);
        const [target, value] = rest.chargedTarget(left as ts.ObjectLiteralExpression, right, node.left);
        return f.updateBinaryExpression(node, target, node.operatorToken, value);
      }
      // An initializer that runs outside its function's body (a default value, a class field):
      // its temporaries in an arrow of its own, `(() => { let t; return init; })()` (the fuel
      // pass of the V8 placements has made it one already: then there are none left here).
      if (
        (ts.isParameter(node) || ts.isBindingElement(node) || ts.isPropertyDeclaration(node)) &&
        node.initializer !== undefined
      ) {
        scopes.push([]);
        const init = visit(node.initializer) as ts.Expression;
        const names = scopes.pop()!;
        const n = visitValues(node, (c) => (c === node.initializer ? c : visit(c)), tctx);
        const value = names.length === 0 ? init : inArrow(init, names);
        if (ts.isParameter(n))
          return f.updateParameterDeclaration(n, n.modifiers, n.dotDotDotToken, n.name, n.questionToken, n.type, value);
        if (ts.isBindingElement(n)) return f.updateBindingElement(n, n.dotDotDotToken, n.propertyName, n.name, value);
        const d = n as ts.PropertyDeclaration;
        return f.updatePropertyDeclaration(
          d,
          d.modifiers,
          d.name,
          d.questionToken ?? d.exclamationToken,
          d.type,
          value,
        );
      }
      if (opensTempScope(node)) {
        scopes.push([]);
        const n = visitValues(node, visit, tctx);
        const names = scopes.pop()!;
        return names.length === 0 ? n : withTemps(n, names);
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        const n = visitValues(node, visit, tctx);
        if (isNumericLiteral(node.left) && isNumericLiteral(node.right)) return n;
        return checked(n, node);
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) {
        const n = visitValues(node, visit, tctx);
        return compound(node, n.left, n.right);
      }
      // A tagged template is a call of its tag with the parts: no concatenation, only its
      // substitutions are visited.
      if (ts.isTaggedTemplateExpression(node))
        return f.updateTaggedTemplateExpression(
          node,
          visitNode(node.tag),
          node.typeArguments,
          ts.isTemplateExpression(node.template) ? visitValues(node.template, visit, tctx) : node.template,
        );
      if (ts.isTemplateExpression(node)) return checked(visitValues(node, visit, tctx), node);
      // An object spread and a for-in list every index of a string, in C++ or C, before they
      // run: the value goes through `__sfi_idx(value, site)` first, which charges a string or
      // an array by its length (issue 10's string-spread-hold, array-spread-object-uncharged).
      if (ts.isSpreadAssignment(node)) {
        const n = visitValues(node, visit, tctx);
        return f.updateSpreadAssignment(n, indexed(n.expression, node));
      }
      if (ts.isForInStatement(node)) {
        const n = visitValues(node, visit, tctx);
        return f.updateForInStatement(n, n.initializer, indexed(n.expression, node.expression), n.statement);
      }
      return visitValues(node, visit, tctx);
    };
    const inArrow = (init: ts.Expression, names: readonly string[]): ts.Expression =>
      f.createCallExpression(
        f.createParenthesizedExpression(
          f.createArrowFunction(
            undefined,
            undefined,
            [],
            undefined,
            f.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
            f.createBlock([declare(names), f.createReturnStatement(init)], true),
          ),
        ),
        undefined,
        [],
      );
    const visitNode = (e: ts.Expression): ts.Expression => visit(e) as ts.Expression;
    /** `node` with `let names;` first in its body (or statements). */
    const withTemps = (node: ts.Node, names: readonly string[]): ts.Node => {
      const first = declare(names);
      if (ts.isSourceFile(node)) return f.updateSourceFile(node, [first, ...node.statements]);
      if (ts.isClassStaticBlockDeclaration(node))
        return f.updateClassStaticBlockDeclaration(node, f.updateBlock(node.body, [first, ...node.body.statements]));
      const body = (node as ts.FunctionLikeDeclaration).body!;
      const block = ts.isBlock(body)
        ? f.updateBlock(body, [first, ...body.statements])
        : f.createBlock([first, like(f.createReturnStatement(body), body)], true);
      if (isFunctionWithBody(node)) return withBody(f, node, block);
      throw new RewriteUnsupported(node, `temporaries in a ${ts.SyntaxKind[node.kind]}`);
    };
    return (sf) => visit(sf) as ts.SourceFile;
  };
}
