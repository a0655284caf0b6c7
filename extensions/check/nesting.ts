/**
 * The nesting limit: an extension whose syntax is nested deeper than MAX_NESTING_DEPTH is refused
 * before the compiler sees it.
 *
 * TypeScript's parser, binder, checker and emitter, the verifier's walk and SFI's rewrite all
 * recurse over the syntax tree, on a call stack of a fixed size (about 1 MB on the main thread).
 * A hostile file of 1,500 nested parentheses overflowed it (issue 8, finding 6: exit 70, a
 * RangeError from inside the parser); a chain of 1,000 conditionals took the checker 30 s; 200
 * nested arrow functions overflowed SFI's rewrite. So the depth is bounded in three steps:
 *
 *  1. `scanNesting`, before parsing: one linear pass of TypeScript's scanner (no recursion)
 *     estimates the depth: every open bracket and template substitution, plus, inside each
 *     bracket, the operators that nest without brackets (`?`, `=>`, assignments, prefix
 *     operators, `**`, `new`, braceless `if`/`for`/`while`/`with`), counted since the last `;`,
 *     `,` or statement boundary. Every counted token opens a level of the tree, so the estimate
 *     follows the tree's depth: on this repository's sources it never exceeds it (a braceless
 *     `if (a) x = 1 else {...}` can count one level too many; it often falls short).
 *  2. `treeNesting`, after parsing and before anything else recurses: the exact depth of the
 *     syntax tree, walked with an explicit stack. Long left-nested chains (`a + b + ...`,
 *     `a.b.c...`) parse in a loop but are deep trees; they are caught here.
 *  3. `isStackOverflow`: whatever still overflows a stack anywhere in the pipeline (check,
 *     transpile, SFI rewrite) is reported as the same refusal, at the deepest place step 1 saw,
 *     never as an internal error.
 *
 * The deepest file in this repository (sources, tests and examples) is 39 levels deep; the
 * limit leaves room for more than twice that, and is half the depth at which the most
 * stack-hungry stage measured (SFI's rewrite of nested arrow functions) overflowed.
 */
import ts from "../typescript.js";
import { type Diagnostic, VerifierInternalError, codeFrame } from "../diagnostics.js";

/** The deepest syntax tree an extension may have (levels, the source file being level 1). */
export const MAX_NESTING_DEPTH = 100;

/** The diagnostic code (a verifier-side refusal: SFI mode keeps it, as it keeps unknown codes). */
export const NESTING_CODE = "max-nesting";

const ADVICE = "split it into named functions or constants";

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: pos - start + 1 };
}

function diagnosticAtPos(file: string, text: string, pos: number, message: string): Diagnostic {
  const { line, column } = lineColumn(text, pos);
  const frame = codeFrame(text, line, column);
  return {
    file,
    line,
    column,
    source: "verifier",
    code: NESTING_CODE,
    message,
    ...(frame === undefined ? {} : { frame }),
  };
}

/** Tokens that nest what follows them without a bracket. */
const NESTING_TOKENS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.EqualsGreaterThanToken,
  ts.SyntaxKind.AsteriskAsteriskToken,
  ts.SyntaxKind.ExclamationToken,
  ts.SyntaxKind.TildeToken,
  ts.SyntaxKind.NewKeyword,
  ts.SyntaxKind.TypeOfKeyword,
  ts.SyntaxKind.VoidKeyword,
  ts.SyntaxKind.DeleteKeyword,
  ts.SyntaxKind.AwaitKeyword,
  ts.SyntaxKind.YieldKeyword,
  ts.SyntaxKind.KeyOfKeyword,
  ts.SyntaxKind.IfKeyword,
  ts.SyntaxKind.ForKeyword,
  ts.SyntaxKind.WhileKeyword,
  ts.SyntaxKind.WithKeyword,
]);

/** What follows a `?` that marks something optional (`a?: T`, `f(a?)`, `[T?]`) rather than a conditional. */
const OPTIONAL_MARKER_FOLLOWERS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.ColonToken,
  ts.SyntaxKind.CommaToken,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.SemicolonToken,
  ts.SyntaxKind.GreaterThanToken,
]);

/** `+ - ++ --` nest only in prefix position. */
const PREFIX_ONLY: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
]);

/** Keywords that only begin a statement: what was open at this bracket level has ended. */
const STATEMENT_KEYWORDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.ConstKeyword,
  ts.SyntaxKind.LetKeyword,
  ts.SyntaxKind.VarKeyword,
  ts.SyntaxKind.ReturnKeyword,
  ts.SyntaxKind.ThrowKeyword,
  ts.SyntaxKind.BreakKeyword,
  ts.SyntaxKind.ContinueKeyword,
  ts.SyntaxKind.ExportKeyword,
  ts.SyntaxKind.SwitchKeyword,
  ts.SyntaxKind.TryKeyword,
  ts.SyntaxKind.CaseKeyword,
  ts.SyntaxKind.DefaultKeyword,
  ts.SyntaxKind.DebuggerKeyword,
  ts.SyntaxKind.InterfaceKeyword,
  ts.SyntaxKind.TypeKeyword,
  ts.SyntaxKind.EnumKeyword,
]);

const CONTROL_KEYWORDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.IfKeyword,
  ts.SyntaxKind.ForKeyword,
  ts.SyntaxKind.WhileKeyword,
  ts.SyntaxKind.WithKeyword,
]);

/** Keywords that continue an expression or a declaration after a line break or a `}`. */
const CONTINUING_KEYWORDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.InKeyword,
  ts.SyntaxKind.InstanceOfKeyword,
  ts.SyntaxKind.AsKeyword,
  ts.SyntaxKind.SatisfiesKeyword,
  ts.SyntaxKind.OfKeyword,
  ts.SyntaxKind.ExtendsKeyword,
  ts.SyntaxKind.ImplementsKeyword,
  ts.SyntaxKind.IsKeyword,
  ts.SyntaxKind.ElseKeyword,
  ts.SyntaxKind.CatchKeyword,
  ts.SyntaxKind.FinallyKeyword,
]);

/** Tokens after which an expression (or a type) may be complete. */
function endsOperand(kind: ts.SyntaxKind): boolean {
  switch (kind) {
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.PrivateIdentifier:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateTail:
    case ts.SyntaxKind.CloseParenToken:
    case ts.SyntaxKind.CloseBracketToken:
    case ts.SyntaxKind.CloseBraceToken:
    case ts.SyntaxKind.GreaterThanToken:
    case ts.SyntaxKind.ThisKeyword:
    case ts.SyntaxKind.SuperKeyword:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
    default:
      // Type keywords end a type (`a: () => void` then a new member on the next line).
      return TYPE_KEYWORDS.has(kind);
  }
}

const TYPE_KEYWORDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.VoidKeyword,
  ts.SyntaxKind.NumberKeyword,
  ts.SyntaxKind.StringKeyword,
  ts.SyntaxKind.BooleanKeyword,
  ts.SyntaxKind.BigIntKeyword,
  ts.SyntaxKind.SymbolKeyword,
  ts.SyntaxKind.ObjectKeyword,
  ts.SyntaxKind.AnyKeyword,
  ts.SyntaxKind.UnknownKeyword,
  ts.SyntaxKind.NeverKeyword,
  ts.SyntaxKind.UndefinedKeyword,
]);

const LITERALS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateHead,
]);

interface Frame {
  /** The closing token expected, or "template" for a `${`. */
  readonly close: ts.SyntaxKind | "template";
  /** Nesting tokens seen at this bracket level since its last `;`, `,` or statement boundary. */
  count: number;
  /** True for the `(` of an `if (`/`for (`/`while (`/`with (` header. */
  readonly controlHeader: boolean;
}

export interface NestingScan {
  /** The largest estimate seen, and where (a character offset). */
  readonly depth: number;
  readonly at: number;
  /** The first place the estimate passed the limit, if it did. */
  readonly exceededAt?: number;
}

/**
 * Step 1: the estimated nesting depth, in one pass of the scanner. Stops at the first place the
 * estimate passes `limit` (the scan itself uses no recursion, whatever the input).
 */
export function scanNesting(text: string, limit = MAX_NESTING_DEPTH): NestingScan {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  // The source file and its statement are two levels before any token nests.
  const root: Frame = { close: ts.SyntaxKind.EndOfFileToken, count: 0, controlHeader: false };
  const frames: Frame[] = [root];
  let depth = 2; // = 2 + frames.length - 1 + sum of counts
  let best = { depth, at: 0 };
  let prev = ts.SyntaxKind.Unknown;
  /** Whether the previous token may end an operand (a postfix `++` after one does too). */
  let prevEnds = false;
  let prevClosedBrace = false;
  let prevClosedControlHeader = false;
  /** Offset of a `?` not yet known to be a conditional's (decided by the next token). */
  let pendingQuestion: number | undefined;
  const top = (): Frame => frames[frames.length - 1]!;
  const resetTop = (): void => {
    depth -= top().count;
    top().count = 0;
  };
  const bump = (pos: number): boolean => {
    top().count++;
    depth++;
    if (depth > best.depth) best = { depth, at: pos };
    return depth > limit;
  };
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const pos = scanner.getTokenStart();
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !prevEnds)
      kind = scanner.reScanSlashToken();
    if (kind === ts.SyntaxKind.CloseBraceToken && top().close === "template") kind = scanner.reScanTemplateToken(false);
    // A `?` nests only if it is a conditional's, not an optional marker (`a?: T`, `f(a?)`).
    if (pendingQuestion !== undefined) {
      const at = pendingQuestion;
      pendingQuestion = undefined;
      if (!OPTIONAL_MARKER_FOLLOWERS.has(kind) && bump(at)) return { ...best, exceededAt: at };
    }
    // Where a statement ended without a `;` (automatic semicolon insertion, or after a block),
    // what was open at this bracket level has closed.
    const startsSomething =
      kind === ts.SyntaxKind.Identifier ||
      (kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword && !CONTINUING_KEYWORDS.has(kind)) ||
      LITERALS.has(kind);
    const bodyOfControl = prevClosedControlHeader && CONTROL_KEYWORDS.has(kind);
    if (
      STATEMENT_KEYWORDS.has(kind) ||
      (startsSomething && !bodyOfControl && (prevClosedBrace || (scanner.hasPrecedingLineBreak() && prevEnds)))
    ) {
      resetTop();
    }
    prevClosedBrace = false;
    prevClosedControlHeader = false;
    switch (kind) {
      case ts.SyntaxKind.OpenParenToken:
      case ts.SyntaxKind.OpenBracketToken:
      case ts.SyntaxKind.OpenBraceToken:
      case ts.SyntaxKind.TemplateHead: {
        const close =
          kind === ts.SyntaxKind.OpenParenToken
            ? ts.SyntaxKind.CloseParenToken
            : kind === ts.SyntaxKind.OpenBracketToken
              ? ts.SyntaxKind.CloseBracketToken
              : kind === ts.SyntaxKind.OpenBraceToken
                ? ts.SyntaxKind.CloseBraceToken
                : "template";
        frames.push({
          close,
          count: 0,
          controlHeader: kind === ts.SyntaxKind.OpenParenToken && CONTROL_KEYWORDS.has(prev),
        });
        depth++;
        if (depth > best.depth) best = { depth, at: pos };
        if (depth > limit) return { ...best, exceededAt: pos };
        break;
      }
      case ts.SyntaxKind.TemplateMiddle:
        resetTop();
        break;
      case ts.SyntaxKind.CloseParenToken:
      case ts.SyntaxKind.CloseBracketToken:
      case ts.SyntaxKind.CloseBraceToken:
      case ts.SyntaxKind.TemplateTail: {
        // Unbalanced input is the parser's to report; never pop the root.
        if (frames.length > 1) {
          const closed = frames.pop()!;
          depth -= closed.count + 1;
          prevClosedBrace = kind === ts.SyntaxKind.CloseBraceToken;
          prevClosedControlHeader = closed.controlHeader;
        }
        break;
      }
      case ts.SyntaxKind.SemicolonToken:
      case ts.SyntaxKind.CommaToken:
        resetTop();
        break;
      case ts.SyntaxKind.QuestionToken:
        pendingQuestion = pos;
        break;
      default: {
        const nests =
          NESTING_TOKENS.has(kind) ||
          (kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment) ||
          (PREFIX_ONLY.has(kind) && !prevEnds);
        if (nests && bump(pos)) return { ...best, exceededAt: pos };
      }
    }
    const postfix: boolean =
      (kind === ts.SyntaxKind.PlusPlusToken || kind === ts.SyntaxKind.MinusMinusToken) && prevEnds;
    prevEnds = endsOperand(kind) || postfix;
    prev = kind;
  }
  return best;
}

/** Step 1 as a diagnostic: the first place the estimate passes the limit, if it does. */
export function nestingDiagnostic(file: string, text: string): Diagnostic | undefined {
  const scan = scanNesting(text);
  if (scan.exceededAt === undefined) return undefined;
  return diagnosticAtPos(
    file,
    text,
    scan.exceededAt,
    `nested more than ${MAX_NESTING_DEPTH} levels deep (brackets, template substitutions and operators that nest without brackets); the load-time checks recurse over the syntax, so nesting is limited: ${ADVICE}`,
  );
}

/** Step 2: the exact depth of a parsed file; a diagnostic at the first node past the limit. */
export function treeNestingDiagnostic(sf: ts.SourceFile, displayFile: string): Diagnostic | undefined {
  const stack: { node: ts.Node; depth: number }[] = [{ node: sf, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > MAX_NESTING_DEPTH) {
      return diagnosticAtPos(
        displayFile,
        sf.text,
        node.getStart(sf),
        `syntax tree more than ${MAX_NESTING_DEPTH} levels deep here (long chains such as a + b + ... or a.b.c... nest too); the load-time checks recurse over the syntax, so nesting is limited: ${ADVICE}`,
      );
    }
    // Children pushed last-first, so the walk is in source order and reports the first place.
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: depth + 1 });
  }
  return undefined;
}

/** Is this the engine's call-stack overflow (V8: RangeError "Maximum call stack size exceeded")? */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** Step 3: a stack overflow in `stage` (e.g. "the type check"), reported at the deepest place the scan saw. */
export function stackOverflowDiagnostic(file: string, text: string, stage: string): Diagnostic {
  const scan = scanNesting(text, Number.POSITIVE_INFINITY);
  return diagnosticAtPos(
    file,
    text,
    scan.at,
    `${stage} ran out of stack on this file (its deepest nesting is around here); the load-time checks recurse over the syntax, so nesting is limited to ${MAX_NESTING_DEPTH} levels: ${ADVICE}`,
  );
}

/**
 * A limit of the JavaScript engine reached inside the compiler (not its stack: see
 * isStackOverflow): types that build a value past what V8 can hold (a template literal type of
 * 2^30 characters: "Invalid string length"; red team 6, exercise type-string-bomb). The source
 * made the compiler fail: a refusal of that source, not an internal error.
 */
export function isEngineLimit(e: unknown): e is RangeError {
  return (
    e instanceof RangeError &&
    /Invalid (string|array|typed array) length|maximum size|Array buffer allocation failed/i.test(e.message)
  );
}

/**
 * The refusal of `file` when `stage` failed on it at a limit of the engine (its stack, or the
 * size of a value: isStackOverflow, isEngineLimit), also when a verifier rule's crash wraps that
 * error as its cause; undefined for any other error (a bug of ours, reported as one).
 */
export function engineRefusal(e: unknown, file: string, text: string, stage: string): Diagnostic | undefined {
  const cause = e instanceof VerifierInternalError ? e.cause : e;
  if (isStackOverflow(cause)) return stackOverflowDiagnostic(file, text, stage);
  if (isEngineLimit(cause)) return engineLimitDiagnostic(file, cause, stage);
  return undefined;
}

/** The refusal of a source whose `stage` hit an engine limit (isEngineLimit). */
function engineLimitDiagnostic(file: string, e: RangeError, stage: string): Diagnostic {
  return {
    file,
    line: 1,
    column: 1,
    source: "typescript",
    code: "typecheck-engine-limit",
    message: `${stage} failed on this file: the JavaScript engine's limit was reached (${e.name}: ${e.message.slice(0, 80)}); its types build values too large for the compiler: simplify them`,
  };
}
