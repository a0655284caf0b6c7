/**
 * How many slots (registers, 8 bytes each) a function's frame may take on V8's stack, estimated
 * from its source for the fuel pass's depth count (passes/fuel.ts): a frame counts one depth unit
 * more per FRAME_SLOTS_PER_DEPTH_UNIT slots (sandbox/call-depth.ts), so that MAX_CALL_DEPTH
 * units of the widest frames still fit well inside V8's stack (red team 12's
 * stack-overflow-wide-frames: 1,500 locals, ~12 KiB a frame, reached V8's own overflow ~80
 * frames down in a thread's default stack, far below 512 frames).
 *
 * Ignition gives every local that no closure captures a register of its own for the whole
 * frame, and temporaries for the expression being evaluated: the operands already evaluated
 * (the left of a binary operator while its right is evaluated; a call's receiver and arguments,
 * which sit in consecutive registers). The estimate is an upper bound of those, read from the
 * TypeScript: every name the function declares (parameters, variables of any block, functions,
 * classes, catch bindings; a captured one counted too), plus the most temporaries live at one
 * place: those of the loops over iterators and the tries around it (added up, however deeply
 * nested) and of its expression (below). The other tiers' frames (Sparkplug's are Ignition's;
 * Maglev's and TurboFan's spill only what is live) are no larger. A nested function's body is
 * its own frame, not this one's.
 */
import ts from "../typescript.js";

/** The slots a function's frame may take: its declared names and the most temporaries live at once. */
export function functionFrameSlots(fn: ts.SignatureDeclaration): number {
  let names = 0;
  /** The most temporaries live at once: the statements around a place, and its expression's. */
  let live = 0;
  const declared = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) {
      names++;
      return;
    }
    for (const e of name.elements) if (!ts.isOmittedExpression(e)) declared(e.name);
  };
  /** `held`: the registers the statements around `n` hold while it runs. */
  const walk = (n: ts.Node, held: number): void => {
    if (ts.isTypeNode(n)) return;
    if (ts.isParameter(n) || ts.isVariableDeclaration(n)) declared(n.name);
    else if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) && n.name !== undefined) names++;
    if (n !== fn && (ts.isFunctionLike(n) || ts.isClassLike(n))) {
      // Its body is another frame; its parameters' defaults and computed names run in this one
      // only through their own counted arrows (passes/fuel.ts). Making the closure is one temporary.
      live = Math.max(live, held + 1);
      return;
    }
    if (ts.isExpression(n)) {
      // An expression declares nothing of this frame (a function or class in it is its own).
      live = Math.max(live, held + expressionTemps(n));
      return;
    }
    const holding = held + statementSlots(n);
    live = Math.max(live, holding);
    ts.forEachChild(n, (c) => walk(c, holding));
  };
  for (const p of fn.parameters) walk(p, 0);
  const body = (fn as { body?: ts.Node }).body;
  if (body !== undefined) walk(body, 0);
  return names + live + COUNTED_FRAME_SLOTS;
}

/** The registers of the rewrite's own `try … catch … finally` around a counted body (passes/fuel.ts). */
const COUNTED_FRAME_SLOTS = 4;

/**
 * The registers a statement holds while its body runs (Ignition's for a for-of: the iterator,
 * its `next`, the step's result, the state IteratorClose needs; a for-in's enumeration cache; a
 * try's completion to rethrow after its finally), freed when it ends: nested ones add up.
 */
function statementSlots(n: ts.Node): number {
  if (ts.isForOfStatement(n)) return 8;
  if (ts.isForInStatement(n)) return 6;
  if (ts.isTryStatement(n)) return 4;
  if (ts.isSwitchStatement(n)) return 2;
  return 0;
}

/** The slots an initializer's counted arrow (passes/fuel.ts) may take: its expression's temporaries. */
export function expressionFrameSlots(e: ts.Expression): number {
  return expressionTemps(e);
}

/**
 * The most registers evaluating `e` holds at once, an upper bound of Ignition's: a binary
 * operator holds its left while the right is evaluated (`a + (b + (c + …))` one more a level;
 * `a + b + c + …` nests on the left and holds one); a call or `new` its callee, receiver and
 * every argument before it (`f(a, b, …)` one an argument); any other expression one more than
 * its widest operand. A function or class expression is one (its body is another frame).
 */
function expressionTemps(e: ts.Node): number {
  if (ts.isFunctionLike(e) || ts.isClassLike(e)) return 1;
  if (ts.isBinaryExpression(e)) return Math.max(expressionTemps(e.left), 1 + expressionTemps(e.right));
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
    const args = e.arguments ?? [];
    let most = 2 + expressionTemps(e.expression);
    for (let i = 0; i < args.length; i++) most = Math.max(most, 2 + i + expressionTemps(args[i]!));
    return most;
  }
  let widest = 0;
  ts.forEachChild(e, (c) => {
    if (!ts.isTypeNode(c)) widest = Math.max(widest, expressionTemps(c));
  });
  return 1 + widest;
}
