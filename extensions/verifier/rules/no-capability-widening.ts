import ts from "../../typescript.js";
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
  return checker
    .getPropertiesOfType(t)
    .some((p) => p.getName().startsWith("__@") && (p.declarations ?? []).some((d) => api.has(d.getSourceFile())));
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
  details: `A capability (Frame, Thread, AddressSpace, Strand) must only ever come from the kernel. With no
assertion, \`any\` or predicate, TypeScript's assignability still lets a value be seen through a
wider type that can *write* what the original promises never to hold (issue 8, finding 8):

- array elements and object properties are covariant although writable: \`const nums: number[] =
  frames; nums.push(7)\` leaves 7 in \`frames\`, typed Frame; \`{ f: Frame }\` seen as \`{ f: number }\`;
  a \`Map<number, Frame>\` seen as \`Map<number, number>\`; \`Record<string, unknown>\`;
- method parameters are bivariant even under \`strictFunctionTypes\`: a \`FrameSink\` (\`put(f: Frame)\`)
  assigned to a \`NumSink\` (\`put(n: number)\`) is called with 7; the same through declaration
  merging (an interface whose \`put\` is overloaded) and through \`class FrameSink extends NumSink\`,
  whose base class calls \`this.put(7)\`;
- parameters are compared one way although caller and callee share what is passed: a
  \`(x: { f: number }) => void\` that writes \`x.f = 7\`, used as a \`(x: { f: Frame }) => void\`;
  \`this\` parameters likewise;
- another capability is not this one: \`Thread[]\` seen as \`(Frame | Thread)[]\`.

The rule looks at every flow: a variable, property or parameter initializer with a declared type,
an assignment (destructuring ones part by part), \`for (view of xs)\` into an existing binding, a
call argument (against the resolved signature; a spread tuple element by element; a tagged
template's substitutions), the receiver \`call\`/\`apply\`/\`bind\` give a method (\`nums.push.call(frames,
7)\` pushes 7 into a Frame[]: the checker infers \`unknown\` for the \`this\` of a method without a
declared \`this\` parameter; the receiver is the object the method was read from, or the class or
interface declaring it), a \`yield\`, a return (against a declared return type), a setter of a
fresh object literal (a write through the target calls it), and a class's \`extends\`/\`implements\`. It walks the value's type and the target type
side by side (properties, index signatures, array and tuple elements, type arguments, call
signatures' parameters both ways and returns) and refuses the first slot, shared by both views,
that holds a capability in the value and accepts a plain number or another capability in the
target: capability slots are invariant. Fresh values are not shared: a number copied into a wider
variable (\`const n: number = frame\`), an object or array literal's own properties and elements,
\`[...frames]\` and the new arrays of \`map\`, \`filter\`, \`slice\` and the like are copies, so only
what they refer to is checked. Views that keep the capability are free (\`readonly Frame[]\`,
\`{ readonly frame: Frame }\` of a larger object), and so is reading a capability as a number
(\`frames.forEach((f: number) => ...)\`). A type parameter counts as a capability (in \`function
f<T extends number>(xs: T[])\`, \`T\` may be Frame at a call site). The comparison goes 6 levels
deep; two types that still differ below that, with a capability anywhere in them, are refused
rather than assumed safe.

Exercises \`forge-array-covariance\`, \`forge-method-bivariance\`, \`forge-property-covariance\`,
\`forge-callback-write\`, \`forge-rebound-this\`.`,
  check(ctx) {
    const caps = capabilityTypes(ctx);
    const c = ctx.checker;
    const number = c.getNumberType();
    const sensitivity: Sensitivity = {
      isLeaf: (t) => (t.flags & ts.TypeFlags.TypeParameter) !== 0 || isBranded(c, caps.api, t),
      leafProblem(s, t, shared) {
        if (!shared) return undefined; // a copy of a number
        if ((s.flags & ts.TypeFlags.TypeParameter) !== 0) {
          return c.isTypeAssignableTo(t, s)
            ? undefined
            : `'${c.typeToString(t)}' accepts values that are not '${c.typeToString(s)}' (a type parameter, which may stand for a capability)`;
        }
        const forged = [number, ...caps.all].find((v) => c.isTypeAssignableTo(v, t) && !c.isTypeAssignableTo(v, s));
        return forged === undefined
          ? undefined
          : `a ${forged === number ? "plain number" : c.typeToString(forged)} could be stored where a ${c.typeToString(s)} is read`;
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
