import ts from "typescript";
import { type Flow, type Sensitivity, WideningFinder, flowsAt } from "../flow.js";
import { defineRule, type RuleContext } from "../rule.js";

/**
 * A capability (Frame, Thread, AddressSpace, Strand) must only ever come from the kernel. With
 * no assertion, `any` or predicate, TypeScript still lets a *view* of a value be wider than the
 * value: `const nums: number[] = frames; nums.push(7)` leaves 7 in `frames`, typed Frame (array
 * covariance); a `FrameSink` assigned to a `NumSink` is called with 7 (method bivariance);
 * `{ f: Frame }` seen as `{ f: number }` is written through (property covariance); a callback
 * typed `(x: { f: Frame }) => void` may be a function that writes `x.f = 7` (parameters compared
 * one way). Every one of these is a flow (flow.ts) in which a slot holding a capability, shared
 * by the two views, accepts something else in the target view. The rule refuses exactly those:
 * capability slots are invariant. Copies are free (`const n: number = frame` is a number), and so
 * are views that keep the capability (`readonly Frame[]`, `{ frame: Frame }` of a larger object).
 *
 * A type parameter is treated as a capability (inside `function f<T extends number>(xs: T[])`,
 * `T` may be Frame at a call site), so generic code may not widen its `T[]` to `number[]` either.
 */
type Caps = { readonly api: ReadonlySet<ts.SourceFile>; readonly all: readonly ts.Type[] };
const capsByProgram = new WeakMap<ts.Program, Caps>();

/** The API's declaration files (the program's files other than the extension and the ES library), and its capability types. */
function capabilityTypes(ctx: RuleContext<string>): Caps {
  const hit = capsByProgram.get(ctx.program);
  if (hit !== undefined) return hit;
  const api = new Set(ctx.program.getSourceFiles().filter((sf) => sf !== ctx.sourceFile && !ctx.isLibFile(sf)));
  const all: ts.Type[] = [];
  for (const sf of api) {
    for (const st of sf.statements) {
      if (!ts.isTypeAliasDeclaration(st)) continue;
      const sym = ctx.checker.getSymbolAtLocation(st.name);
      const t = sym === undefined ? undefined : ctx.checker.getDeclaredTypeOfSymbol(sym);
      if (t !== undefined && isBranded(ctx.checker, api, t)) all.push(t);
    }
  }
  const caps: Caps = { api, all };
  capsByProgram.set(ctx.program, caps);
  return caps;
}

/** A capability: carries a property keyed by one of the API's private `unique symbol` brands. */
function isBranded(checker: ts.TypeChecker, api: ReadonlySet<ts.SourceFile>, t: ts.Type): boolean {
  if ((t.flags & (ts.TypeFlags.Intersection | ts.TypeFlags.Object)) === 0) return false;
  return checker.getPropertiesOfType(t).some((p) => p.getName().startsWith("__@") && (p.declarations ?? []).some((d) => api.has(d.getSourceFile())));
}

function clip(text: string): string {
  const t = text.replace(/\s+/g, " ");
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

export default defineRule({
  id: "no-capability-widening",
  messages: {
    widening:
      "'{{text}}' ({{from}}) is given the type '{{to}}', which widens a capability: at {{path}}, {{why}}; expected the capability type kept at that position (or copy the data into a new value)",
  },
  why: "A wider view of a value that holds capabilities (`const nums: number[] = frames`) can store a plain number where the original reads a Frame: a forged capability with no assertion in sight.",
  check(ctx) {
    const caps = capabilityTypes(ctx);
    const c = ctx.checker;
    const number = c.getNumberType();
    const sensitivity: Sensitivity = {
      isLeaf: (t) => (t.flags & ts.TypeFlags.TypeParameter) !== 0 || isBranded(c, caps.api, t),
      leafProblem(s, t, shared) {
        if (!shared) return undefined; // a copy of a number
        if ((s.flags & ts.TypeFlags.TypeParameter) !== 0) {
          return c.isTypeAssignableTo(t, s) ? undefined : `'${c.typeToString(t)}' accepts values that are not '${c.typeToString(s)}' (a type parameter, which may stand for a capability)`;
        }
        const forged = [number, ...caps.all].find((v) => c.isTypeAssignableTo(v, t) && !c.isTypeAssignableTo(v, s));
        return forged === undefined ? undefined : `a ${forged === number ? "plain number" : c.typeToString(forged)} could be stored where a ${c.typeToString(s)} is read`;
      },
    };
    const finder = new WideningFinder(c, sensitivity);
    const report = (flow: Flow): boolean => {
      const w = finder.find(flow);
      if (w === undefined) return false;
      ctx.report(flow.node, "widening", {
        text: clip(flow.node.getText(ctx.sourceFile)),
        from: clip(c.typeToString(flow.source)),
        to: clip(c.typeToString(flow.target)),
        path: w.path === "" ? "the value itself" : w.path.trim(),
        why: w.why,
      });
      return true;
    };
    return (node) => {
      // One report per place (a class's heritage is two flows: instance and static side).
      let reported = false;
      for (const flow of flowsAt(ctx, node)) if (!reported) reported = report(flow);
    };
  },
});
