import ts from "../../typescript.js";
import { defineRule } from "../rule.js";
import { memberNameAt, referencedGlobal } from "../util.js";

const NAMES = new Set(["Function"]);
const MEMBERS = new Set(["constructor", "caller", "callee"]);

export default defineRule({
  id: "no-function-constructor",
  messages: {
    functionReference: "reference to 'Function'; expected no access to the Function constructor",
    constructorMember: "access to member '{{name}}'; expected no access to constructors or callers through values",
  },
  why: "`Function` (and `f.constructor`, which reaches Function, AsyncFunction or GeneratorFunction from any function) compiles strings like eval; `caller`/`callee` leak other frames.",
  check(ctx) {
    return (node) => {
      if (referencedGlobal(node, NAMES) !== undefined) {
        ctx.report(node, "functionReference");
        return;
      }
      if (ts.isIdentifier(node)) return;
      const m = memberNameAt(node);
      if (m !== undefined && MEMBERS.has(m.name)) ctx.report(m.at, "constructorMember", { name: m.name });
    };
  },
});
