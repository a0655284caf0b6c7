/**
 * Literals holding text SES refuses in evaluated code (`import (`, `<!--`, `-->`, `eval (`), run
 * in a V8 placement's engine: the fuel rewrite writes them escaped (extensions/sfi/ses-text.ts;
 * a regex literal made by the Compartment's RegExp from its text escaped in a string), and the
 * extension sees the values it wrote (red team 13, ses-import-text-refused). In a server
 * (a worker's hardened realm), so that this test's own realm is not locked down.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { rewriteWithFuel } from "../../extensions/sfi/fuel-only.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

/** The extension, one line an entry (a template literal here could not hold its templates). */
const SOURCE = [
  'import { defineExtension, kernel } from "spin-kernel/extension";',
  'enum Marks { Close = "x-->y" }',
  'const keyed: Record<string, number> = { "import (a)": 1, ["<!--"]: 2 };',
  'class Holder { "eval (b)" = 3; }',
  'const tail = "c";',
  "export default defineExtension({ handlers: {",
  '  "Translation.PageNotPresent": () => {',
  "    kernel.log(JSON.stringify([",
  '      "see import (the manual)",',
  "      'one <!-- two --> three',",
  '      "\\import (escaped i)",',
  '      "a\\\\import (a backslash before)",',
  '      "a\\import (escaped i after a letter)",',
  '      "import/* and */import// too",',
  '      "...import (x)",',
  "      `eval (x) ${tail}-->`,",
  "      `",
  "import",
  "  (on two lines)`,",
  "      Marks.Close,",
  '      keyed["import (a)"], keyed["<!--"], new Holder()["eval (b)"],',
  '      "caf\\u00e9 <!-- \\u2028",',
  '      /a-->b/.test("xa-->b"), /a-->b/g.source, String(/<!--|import (x)/m), /eval (y)/y.flags,',
  '      /-->/ instanceof RegExp, /[-->]/.test("."), /\\-->/.test("-->"),',
  "    ]));",
  "    return {};",
  "  },",
  "} });",
].join("\n");

const EXPECTED = [
  "see import (the manual)",
  "one <!-- two --> three",
  "import (escaped i)",
  "a\\import (a backslash before)",
  "aimport (escaped i after a letter)",
  "import/* and */import// too",
  "...import (x)",
  "eval (x) c-->",
  "\nimport\n  (on two lines)",
  "x-->y",
  1,
  2,
  3,
  "caf\u00e9 <!-- \u2028",
  true,
  "a-->b",
  "/<!--|import (x)/m",
  "y",
  true,
  true,
  true,
];

let vm: ExtensionVM;

beforeAll(async () => {
  const created = await createExtensionVM("server", {
    source: rewriteWithFuel("marks.ts", SOURCE).js,
    filename: "marks.js",
  });
  if (!created.ok) throw new Error(created.error.message);
  vm = created.value;
});
afterAll(() => vm?.dispose());

describe("literals holding text SES refuses, in a V8 placement", () => {
  it("load, and hold the values the extension wrote", () => {
    const r = vm.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn: 3 } }]);
    expect(r.ok ? r.value.results[0] : r.error).toMatchObject({ ok: true });
    expect(JSON.parse(vm.logs.at(-1)!.text)).toEqual(EXPECTED);
  });
});
