/**
 * Red team 18's bound-args-copy: a call of a bound function copies every bound argument of its
 * chain in C (QuickJS's js_call_bound_function, a level at a time; V8's CallBoundFunction), for
 * the one tick or fuel unit of the call. A bind is refused past MAX_BOUND_ARGUMENTS, its bound
 * targets' counted in and each bind one more, in QuickJS (the prelude) and in the V8 realm
 * (sandbox/native/bounded-strings.ts), with one message; what stays within it binds as before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BOUND_ARGUMENTS } from "../../sandbox/limits.js";
import type { ExtensionVM, SandboxVM } from "../../sandbox/vm.js";
import { disposeClean, ext, makeServerVM, makeVM } from "./helpers.js";

/** Each answers what happened: "ok <detail>" or the error's name and message. */
const PROBES: Record<string, string> = {
  // The finding's bind, and one past the bound by its arguments alone.
  many: "(() => { const a = []; for (let i = 0; i < 24000; i++) a.push(i); return h.bind(undefined, ...a); })",
  justOver: `(() => h.bind(null, ...new Array(${MAX_BOUND_ARGUMENTS}).fill(1)))`,
  // The most one bind may hold: the bind itself and MAX - 1 arguments.
  atBound: `(() => { const g = h.bind(null, ...new Array(${MAX_BOUND_ARGUMENTS - 1}).fill(1)); return "ok " + g(2) + " " + g.name + " " + g.length; })`,
  // A chain of zero-argument binds: each bind counts one.
  chainAtBound: `(() => { let g = h; for (let i = 0; i < ${MAX_BOUND_ARGUMENTS}; i++) g = g.bind(null); return "ok " + g(1, 2) + " " + g.name.length; })`,
  chainOver: `(() => { let g = h; for (let i = 0; i <= ${MAX_BOUND_ARGUMENTS}; i++) g = g.bind(null); return "ok"; })`,
  // A chain's arguments add up: half the bound in one bind, the rest in the next.
  chainSum: `(() => h.bind(null, ...new Array(${MAX_BOUND_ARGUMENTS / 2}).fill(1)).bind(null, ...new Array(${MAX_BOUND_ARGUMENTS / 2}).fill(1)))`,
  // Ordinary binds behave as the language says.
  ordinary:
    "(() => { class P { constructor(a, b) { this.s = a + b; } } const B = P.bind(null, 1); const p = new B(2); return 'ok ' + p.s + ' ' + (p instanceof B) + ' ' + (p instanceof P) + ' ' + ((a, b) => a * b).bind(null, 3)(4) + ' ' + (function () { return this.v; }).bind({ v: 7 })(); })",
};

const PRELUDE = `function h(...xs) { return xs.length; }
const probes = { ${Object.entries(PROBES)
  .map(([k, v]) => `${k}: ${v}`)
  .join(", ")} };
function probe(name) { try { const r = probes[name](); return typeof r === "string" ? r : "ok " + typeof r; } catch (e) { return e.name + ": " + e.message; } }`;

const REFUSED = new RegExp(
  `^RangeError: Function\\.prototype\\.bind: a bound function holding (\\d+) bound arguments \\(at most ${MAX_BOUND_ARGUMENTS}, its bound targets' counted in and each bind one more: a call copies them all, uncharged\\); pass them at the call$`,
);

/** What each placement must answer: the held count of a refusal, or the ordinary result. */
function expectAnswers(answer: (name: string) => string): void {
  expect(answer("many")).toMatch(REFUSED);
  expect(REFUSED.exec(answer("many"))?.[1]).toBe("24001");
  expect(REFUSED.exec(answer("justOver"))?.[1]).toBe(String(MAX_BOUND_ARGUMENTS + 1));
  expect(answer("atBound")).toBe(`ok ${MAX_BOUND_ARGUMENTS} bound h 0`);
  expect(answer("chainAtBound")).toBe(`ok 2 ${"bound ".length * MAX_BOUND_ARGUMENTS + 1}`);
  expect(REFUSED.exec(answer("chainOver"))?.[1]).toBe(String(MAX_BOUND_ARGUMENTS + 1));
  expect(REFUSED.exec(answer("chainSum"))?.[1]).toBe(String(MAX_BOUND_ARGUMENTS + 2));
  expect(answer("ordinary")).toBe("ok 3 true true 12 7");
}

describe("a bind past MAX_BOUND_ARGUMENTS is refused (QuickJS: typed and sfi)", () => {
  let vm: SandboxVM;
  beforeAll(async () => {
    vm = await makeVM(ext({ probe: "(name) => probe(name)" }, PRELUDE), { limits: { timeoutMs: 60_000 } });
  });
  afterAll(() => disposeClean(vm));

  it("by its arguments, its chain's, and one a bind; ordinary binds as before", () => {
    expectAnswers((name) => {
      const r = vm.invoke("probe", 0, name);
      if (!r.ok) throw new Error(r.error.message);
      return String(r.value.value);
    });
  });
});

describe("a bind past MAX_BOUND_ARGUMENTS is refused (the V8 realm: native and server)", () => {
  const names = Object.keys(PROBES);
  let vm: ExtensionVM;
  beforeAll(async () => {
    vm = await makeServerVM(
      `const { defineExtension } = require("spin-kernel/extension");
${PRELUDE}
const names = ${JSON.stringify(names)};
exports.default = defineExtension({ handlers: { "PhysAddr.Reclaim": (args, kernel) => { kernel.log(probe(names[args.vpn])); return {}; } } });
`,
      "bound.js",
    );
  });
  afterAll(() => vm?.dispose());

  it("by its arguments, its chain's, and one a bind; ordinary binds as before", () => {
    expectAnswers((name) => {
      const r = vm.invokeMany([
        { event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: names.indexOf(name), resident: [] } },
      ]);
      if (!r.ok || !r.value.results[0]?.ok) throw new Error(JSON.stringify(r));
      return vm.logs.at(-1)!.text;
    });
  });
});
