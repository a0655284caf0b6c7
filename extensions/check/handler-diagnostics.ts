/**
 * TypeScript's errors about handlers, told where the student made the mistake (issue 12).
 *
 * - A handler's result that does not fit its event: TypeScript checks the whole function against
 *   `HandlerSpec<E>` (a union), so it reports at the event's name with a dump of the function's
 *   type. Here the error moves to each `return` whose value does not fit, and keeps only the part
 *   of TypeScript's explanation below the function types (which property, which types).
 * - A misspelt event name (`"PhysAddr.Reclain"`): TypeScript says the key does not exist in a
 *   type of nine events and then, with no type for the handler's `args`, reports every use of
 *   them. Here it is one error with a "did you mean", and the problems inside that handler are
 *   left out (they follow from the name; `followOnRanges` lets the verifier's be left out too).
 */
import ts from "../typescript.js";
import { eventNames } from "../../kernel/events/catalogue.js";
import { closestName } from "../../kernel/did-you-mean.js";

/** TS2322 "Type X is not assignable to type Y"; TS2353 "Object literal may only specify known properties". */
const NOT_ASSIGNABLE = 2322;
const UNKNOWN_PROPERTY = 2353;

export interface HandlerEntry {
  /** The property of `handlers` (its name is the event's). */
  readonly property: ts.PropertyAssignment;
  readonly event: string;
  /** The function: the property's value, or its `handler:` in the `{ handler, options, guard }` form. */
  readonly fn: ts.ArrowFunction | ts.FunctionExpression | undefined;
  /** Where TypeScript reports a mismatch of the function: the event's name, or `handler`'s. */
  readonly reportedAt: number;
}

/** The properties of `handlers` in `export default defineExtension({ handlers: { ... } })`. */
export function handlerEntries(sourceFile: ts.SourceFile): HandlerEntry[] {
  const out: HandlerEntry[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isExportAssignment(statement)) continue;
    const call = statement.expression;
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) continue;
    if (call.expression.text !== "defineExtension") continue;
    const definition = call.arguments[0];
    if (definition === undefined || !ts.isObjectLiteralExpression(definition)) continue;
    const handlers = propertyNamed(definition, "handlers")?.initializer;
    if (handlers === undefined || !ts.isObjectLiteralExpression(handlers)) continue;
    for (const property of handlers.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const event = staticName(property.name);
      if (event === undefined) continue;
      const value = property.initializer;
      if (isFunction(value)) {
        out.push({ property, event, fn: value, reportedAt: property.name.getStart(sourceFile) });
        continue;
      }
      const handler = ts.isObjectLiteralExpression(value) ? propertyNamed(value, "handler") : undefined;
      out.push({
        property,
        event,
        fn: handler !== undefined && isFunction(handler.initializer) ? handler.initializer : undefined,
        reportedAt: (handler ?? property).name.getStart(sourceFile),
      });
    }
  }
  return out;
}

function propertyNamed(object: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined {
  return object.properties.find(
    (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && staticName(p.name) === name,
  );
}

function staticName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)
    ? name.text
    : undefined;
}

function isFunction(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

/** The values a function returns: its expression body, or its `return`s (not those of functions inside it). */
export function returnedExpressions(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression[] {
  if (!ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression !== undefined) out.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return out;
}

/** The result type a handler must return: the call signature's of its contextual type (a union member for the short form). */
function expectedResult(checker: ts.TypeChecker, fn: ts.ArrowFunction | ts.FunctionExpression): ts.Type | undefined {
  const contextual = checker.getContextualType(fn);
  if (contextual === undefined) return undefined;
  const members = contextual.isUnion() ? contextual.types : [contextual];
  for (const member of members) {
    const signature = member.getCallSignatures()[0];
    if (signature !== undefined) return signature.getReturnType();
  }
  return undefined;
}

/**
 * TypeScript's chain below the function types: from the level after "Call signature return
 * types ... are incompatible" (which property, which types), or undefined when it has no such level.
 */
function resultExplanation(messageText: string | ts.DiagnosticMessageChain): ts.DiagnosticMessageChain[] | undefined {
  let chain: ts.DiagnosticMessageChain | undefined = typeof messageText === "string" ? undefined : messageText;
  while (chain !== undefined) {
    if (chain.messageText.startsWith("Call signature return types")) return chain.next;
    chain = chain.next?.[0];
  }
  return undefined;
}

/** Handler mismatches moved to their returns; a misspelt event named, its follow-on errors left out. */
export function explainHandlerDiagnostics(
  program: ts.Program,
  sourceFile: ts.SourceFile,
  diagnostics: readonly ts.Diagnostic[],
): ts.Diagnostic[] {
  const entries = handlerEntries(sourceFile);
  if (entries.length === 0) return [...diagnostics];
  const checker = program.getTypeChecker();
  const followOn = followOnRanges(sourceFile);
  const out: ts.Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.file !== sourceFile || d.start === undefined) {
      out.push(d);
      continue;
    }
    const start = d.start;
    if (followOn.some((r) => start >= r.pos && start < r.end)) continue;
    const entry = entries.find((e) => e.reportedAt === start || e.property.name.getStart(sourceFile) === start);
    if (entry === undefined) {
      out.push(d);
      continue;
    }
    if (d.code === UNKNOWN_PROPERTY && !isKnownEvent(entry.event)) {
      out.push({ ...d, messageText: unknownEventMessage(entry.event) });
      continue;
    }
    const moved = d.code === NOT_ASSIGNABLE ? resultsAtReturns(checker, sourceFile, entry, d) : [];
    out.push(...(moved.length > 0 ? moved : [d]));
  }
  return out;
}

function resultsAtReturns(
  checker: ts.TypeChecker,
  sourceFile: ts.SourceFile,
  entry: HandlerEntry,
  d: ts.Diagnostic,
): ts.Diagnostic[] {
  // TypeScript reports at `handler:` or, since a handler may also be an array of them (a union
  // it does not elaborate into), at the event's name: either way the returns are what is wrong.
  const at = d.start === entry.reportedAt || d.start === entry.property.name.getStart(sourceFile);
  if (entry.fn === undefined || !at) return [];
  const expected = expectedResult(checker, entry.fn);
  if (expected === undefined) return [];
  const expectedText = checker.typeToString(expected);
  const bad = returnedExpressions(entry.fn).filter(
    (e) => !checker.isTypeAssignableTo(checker.getTypeAtLocation(e), expected),
  );
  // TypeScript's explanation is of the function's whole result: it fits one bad return only.
  const whole = bad.length === 1 ? resultExplanation(d.messageText) : undefined;
  return bad.map((e) => {
    const start = e.getStart(sourceFile);
    const explanation = whole ?? propertyExplanation(checker, e, expected);
    const chain: ts.DiagnosticMessageChain = {
      messageText: `${entry.event}'s handler returns '${checker.typeToString(checker.getTypeAtLocation(e))}', which is not the event's result '${expectedText}'.`,
      category: ts.DiagnosticCategory.Error,
      code: NOT_ASSIGNABLE,
      ...(explanation !== undefined ? { next: explanation } : {}),
    };
    return { ...d, start, length: e.getEnd() - start, messageText: chain };
  });
}

/** Which properties of a returned object literal do not fit the result (when TypeScript's chain is not this return's). */
function propertyExplanation(
  checker: ts.TypeChecker,
  returned: ts.Expression,
  expected: ts.Type,
): ts.DiagnosticMessageChain[] | undefined {
  const literal = ts.isParenthesizedExpression(returned) ? returned.expression : returned;
  if (!ts.isObjectLiteralExpression(literal)) return undefined;
  const lines: string[] = [];
  for (const p of literal.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
    const name = staticName(p.name);
    if (name === undefined) continue;
    const wanted = checker.getPropertyOfType(expected, name);
    if (wanted === undefined) {
      lines.push(`'${name}' is not a property of the result.`);
      continue;
    }
    const actual = checker.getTypeAtLocation(ts.isPropertyAssignment(p) ? p.initializer : p.name);
    const wantedType = checker.getTypeOfSymbolAtLocation(wanted, literal);
    if (!checker.isTypeAssignableTo(actual, wantedType))
      lines.push(
        `'${name}': type '${checker.typeToString(actual)}' is not assignable to type '${checker.typeToString(wantedType)}'.`,
      );
  }
  return lines.length === 0
    ? undefined
    : lines.map((messageText) => ({ messageText, category: ts.DiagnosticCategory.Error, code: NOT_ASSIGNABLE }));
}

function isKnownEvent(name: string): boolean {
  return (eventNames as readonly string[]).includes(name);
}

function unknownEventMessage(name: string): string {
  const near = closestName(name, eventNames);
  const hint = near === undefined ? `; the events are ${eventNames.join(", ")}` : `; did you mean "${near}"?`;
  return `no event named ${JSON.stringify(name)}${hint} (docs/EVENTS.md). The problems inside this handler are not shown: they follow from the name.`;
}

/**
 * The values of handlers whose event name is unknown: TypeScript gives their `args` no type, so
 * every error inside them follows from the name and is left out (the name's error is kept).
 */
export function followOnRanges(sourceFile: ts.SourceFile): { pos: number; end: number }[] {
  return handlerEntries(sourceFile)
    .filter((e) => !isKnownEvent(e.event))
    .map((e) => ({ pos: e.property.initializer.getStart(sourceFile), end: e.property.initializer.getEnd() }));
}
