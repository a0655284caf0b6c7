/**
 * The builtins that make a longer string than they are given (case mappings, `normalize`, the
 * URI encodings, `escape`) refuse, before they run, a call whose worst case passes the realm's
 * string bound (issue 10's normalize-expansion-oom: the builtin made the string first, up to 18
 * times the bound in one allocation, and it was refused after). The worst case is GROWTH's factors
 * (sandbox/native/bounded-strings.ts): checked here against the builtins themselves for every code
 * point, so that a call the check lets through cannot make more than it says; and, in a server's
 * hardened realm (bound 2^19), the refusal is the check's ("may make"), which runs before the
 * builtin, never the result's ("making"), which runs after its allocation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GROWTH, mostMadeOf } from "../../sandbox/native/bounded-strings.js";
import { makeServerVM } from "./helpers.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

const BUILTINS: Record<string, readonly [keyof typeof GROWTH, (s: string) => string][]> = {
  "case mappings": [
    ["toUpperCase", (s) => s.toUpperCase()],
    ["toLowerCase", (s) => s.toLowerCase()],
    ["toLocaleUpperCase", (s) => s.toLocaleUpperCase()],
    ["toLocaleUpperCase", (s) => s.toLocaleUpperCase("tr")],
    ["toLocaleUpperCase", (s) => s.toLocaleUpperCase("lt")],
    ["toLocaleLowerCase", (s) => s.toLocaleLowerCase()],
    ["toLocaleLowerCase", (s) => s.toLocaleLowerCase("lt")],
    ["toLocaleLowerCase", (s) => s.toLocaleLowerCase("tr")],
  ],
  normalize: [
    ["NFC", (s) => s.normalize("NFC")],
    ["NFD", (s) => s.normalize("NFD")],
    ["NFKC", (s) => s.normalize("NFKC")],
    ["NFKD", (s) => s.normalize("NFKD")],
  ],
  "URI encodings and escape": [
    ["encodeURI", (s) => encodeURI(s)],
    ["encodeURIComponent", (s) => encodeURIComponent(s)],
    ["escape", (s) => escape(s)],
  ],
};

describe("GROWTH's factors bound what each builtin makes", () => {
  it.each(Object.entries(BUILTINS))(
    "%s: of every code point, and of the contexts that add a character",
    (_, builtins) => {
      for (const [name, f] of builtins) {
        const [ascii, other] = GROWTH[name]!;
        let worst = "";
        for (let c = 0; c < 0x110000; c++) {
          if (c >= 0xd800 && c <= 0xdfff) continue;
          const s = String.fromCodePoint(c);
          let made: string;
          try {
            made = f(s);
          } catch {
            continue;
          }
          const most = (c < 0x80 ? ascii : other) * s.length;
          if (made.length > most && worst === "") worst = `U+${c.toString(16)}: ${made.length} > ${most}`;
        }
        expect(worst, name).toBe("");
        // Lithuanian lower case adds a dot above to an I before an accent: 2 of an ASCII I.
        for (const s of [
          "I\u0300",
          "J\u0301",
          "\u012e\u0303",
          "Ì",
          "İ",
          "ΐ",
          "ß",
          "\ufdfa",
          "\u1f82",
          "\ud801\udc00",
        ]) {
          expect(f(s).length, `${name} of ${JSON.stringify(s)}`).toBeLessThanOrEqual(mostMadeOf(s, [ascii, other], 0));
        }
      }
    },
  );
});

/**
 * Each past a server's bound (2^19) at its worst case, every input within it. (A locale's case
 * mapping is not among them: lockdown tames toLocaleLowerCase and toLocaleUpperCase to the
 * plain ones, locale ignored.)
 */
const ATTACKS = [
  '"\\uFDFA".repeat(2 ** 15).normalize("NFKD")',
  '"\\uFDFA".repeat(2 ** 15).normalize("NFKC")',
  '"\\u1F82".repeat(2 ** 17 + 1).normalize("NFD")',
  '"\\u0390".repeat(2 ** 18).toUpperCase()',
  '"\\u0130".repeat(2 ** 18 + 1).toLowerCase()',
  'encodeURIComponent("\\u0800".repeat(2 ** 16))',
  'encodeURI("\\u0800".repeat(2 ** 16))',
  'escape("\\u0100".repeat(2 ** 17))',
  '"b".repeat(2 ** 19).bold()',
];

const SOURCE = `
const { defineExtension } = require("spin-kernel/extension");
const attacks = [${ATTACKS.map((a) => `() => ${a}`).join(", ")}];
const ordinary = () => [
  "a".repeat(2 ** 19).toUpperCase().length,
  "é".repeat(2 ** 17).normalize("NFD").length,
  "\\uFDFA".repeat(2 ** 14).normalize("NFKD").length,
  encodeURIComponent("\\u0800".repeat(58000)).length,
  encodeURIComponent("a b".repeat(2 ** 15)).length,
  "Ab".toLocaleLowerCase("tr"),
  "x".normalize({ toString: () => "NFD" }),
  "b".bold(),
].join();
exports.default = defineExtension({ handlers: {
  "PhysAddr.Reclaim": (args, kernel) => {
    let out;
    if (args.vpn < attacks.length) {
      try { attacks[args.vpn](); out = "ran"; } catch (e) { out = e instanceof RangeError ? e.message : String(e); }
    } else out = ordinary();
    kernel.log(JSON.stringify(out));
    return {};
  },
} });
`;

let vm: ExtensionVM;
beforeAll(async () => {
  vm = await makeServerVM(SOURCE, "growth.js");
});
afterAll(() => vm?.dispose());

function run(vpn: number): unknown {
  const r = vm.invokeMany([{ event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn, resident: [] } }]);
  if (!r.ok || !r.value.results[0]?.ok) throw new Error(JSON.stringify(r));
  return JSON.parse(vm.logs.at(-1)!.text) as unknown;
}

describe("in a server's hardened realm (bound 2^19)", () => {
  it.each(ATTACKS.map((a, i) => [a, i] as const))("%s: refused before the builtin runs", (_, i) => {
    // "may make": the check before the builtin, which has made nothing; "making" would be the
    // result's, after its allocation.
    expect(run(i)).toMatch(/which may make a string longer than 524288 \(up to \d+\); call it on parts of the string$/);
  });

  it("a call whose worst case fits runs as the language says, ASCII text at its own length", () => {
    expect(run(ATTACKS.length)).toBe(
      [2 ** 19, 2 ** 18, 18 * 2 ** 14, 9 * 58000, 5 * 2 ** 15, "ab", "x", "<b>b</b>"].join(),
    );
  });
});
