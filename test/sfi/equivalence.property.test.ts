/**
 * Property: on well-typed extensions, SFI mode decides exactly as typed mode. Random pagers pick
 * a victim from `resident` by random arithmetic over its fields, with bounded loops; both modes
 * run the same scenario through the loader and the run reports must be identical byte for byte
 * (apart from the mode name, the checks line and the interrupt-poll counts, which differ by design).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runWithExtensions, type ExtensionRunReport } from "../../extensions/loader/index.js";
import { sfiMode } from "../../extensions/loader/modes/sfi.js";
import { loadWorkload } from "../../workloads/index.js";
import { ROOT } from "./helpers.js";

const FIELDS = ["frame", "vpn", "loadedAt", "lastAccess"] as const;
const field = fc.constantFrom(...FIELDS);
const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    field.map((f) => `p.${f}`),
    fc.integer({ min: 0, max: 9 }).map(String),
    fc.constant("i"),
    fc.constant("state.n"),
    fc
      .tuple(tie("e"), fc.constantFrom("+", "-", "*", "%", "^", "&"), tie("e"))
      .map(([a, op, b]) => (op === "%" ? `(${a} % ((${b}) === 0 ? 1 : ${b}))` : `(${a} ${op} ${b})`)),
  ),
})).e as fc.Arbitrary<string>;

const pager = fc
  .record({
    score: expr,
    rounds: fc.integer({ min: 1, max: 3 }),
    max: fc.boolean(),
    bump: fc.integer({ min: 0, max: 5 }),
  })
  .map(
    ({ score, rounds, max, bump }) => `import { defineExtension, type Frame } from "spin-kernel/extension";

const state = { n: 0 };

function score(p: { frame: Frame; vpn: number; loadedAt: number; lastAccess: number }, i: number): number {
  return Math.abs(${score}) % 1000003;
}

export default defineExtension({
  name: "random",
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("empty");
      let best = first;
      let bestScore = -1;
      for (let r = 0; r < ${rounds}; r++) {
        for (let i = 0; i < args.resident.length; i++) {
          const p = args.resident[i];
          if (p === undefined) continue;
          const s = score(p, i + r);
          if (bestScore < 0 || s ${max ? ">" : "<"} bestScore) {
            best = p;
            bestScore = s;
          }
        }
      }
      state.n = (state.n + ${bump}) % 97;
      return { victim: best.frame };
    },
  },
});
`,
  );

/**
 * The decisions, not the polls: each mode's code spends its own QuickJS ticks (instructions,
 * zeroed wherever a report names them, the apps' handler accounts too: the ticks the prelude
 * spends at boot carry over into the first poll, red team 15's frozen constructors moved one).
 */
function normalise(r: ExtensionRunReport): string {
  const { extensions, handlers, ...rest } = r as ExtensionRunReport & { handlers: { instructions?: number }[] };
  const run = {
    ...rest,
    apps: rest.apps.map((a) =>
      a.handlerAccount === undefined ? a : { ...a, handlerAccount: { ...a.handlerAccount, instructions: 0 } },
    ),
  };
  return JSON.stringify({
    run,
    handlers: handlers.map((h) => ({ ...h, instructions: 0 })),
    extensions: extensions.map((e) => ({ ...e, mode: "", checks: "", instructions: 0 })),
  });
}

describe("typed and SFI modes decide alike", () => {
  it("random well-typed pagers: identical run reports", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sfi-prop-"));
    const config = loadWorkload(path.join(ROOT, "examples/scenarios/textbook.json"), { frames: 4 });
    let k = 0;
    await fc.assert(
      fc.asyncProperty(pager, async (src) => {
        const file = path.join(dir, `p${k++}.ts`);
        fs.writeFileSync(file, src);
        const typed = await runWithExtensions(config, [{ file }], {});
        const sfi = await runWithExtensions(config, [{ file }], { mode: sfiMode });
        expect(sfi.extensions[0]!.violationCount).toBe(0);
        expect(normalise(sfi)).toBe(normalise(typed));
      }),
      { numRuns: 12, seed: 20261125 },
    );
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
