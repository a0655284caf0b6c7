import ts from "../../typescript.js";
import { defineRule } from "../rule.js";
import { memberNameAt } from "../util.js";

export default defineRule({
  id: "no-prototype",
  messages: { prototypeAccess: "access to 'prototype'; expected no access to prototype objects" },
  why: "A prototype object (e.g. `Array.prototype`) is shared by every value of its kind; reading it yields a mutable alias, so both reads and writes are refused.",
  check(ctx) {
    return (node) => {
      if (ts.isIdentifier(node)) return;
      const m = memberNameAt(node);
      if (m?.name === "prototype") ctx.report(m.at, "prototypeAccess");
    };
  },
});
