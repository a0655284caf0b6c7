import ts from "../../typescript.js";
import { defineRule } from "../rule.js";

export default defineRule({
  id: "no-debugger",
  messages: { debugger: "'debugger' statement; expected none in a loaded extension" },
  why: "A debugger statement can pause the host or behave differently under inspection, which breaks the simulator's determinism.",
  check(ctx) {
    return (node) => {
      if (ts.isDebuggerStatement(node)) ctx.report(node, "debugger");
    };
  },
});
