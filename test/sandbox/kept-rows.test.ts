/**
 * The native placement's Reclaim arguments from the kernel's rows (sandbox/native/kept-rows.ts):
 * event after event, exactly the kernel's list (what `frozenCopy` of its toJSON gave), frozen
 * through, with a page object shared with the last event only where the page is unchanged.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReclaimArgs } from "../../kernel/machine/reclaim-args.js";
import { KeptArguments } from "../../sandbox/native/kept-rows.js";
import { frozenCopy } from "../../sandbox/native/native-vm.js";

interface Page {
  frame: number;
  vpn: number;
  referenced: boolean;
  dirty: boolean;
  loadedAt: number;
  lastAccess: number;
}

const page = fc.record({
  vpn: fc.nat(40),
  referenced: fc.boolean(),
  dirty: fc.boolean(),
  loadedAt: fc.nat(5),
  lastAccess: fc.nat(5),
});
/** A resident list in frame order, as the kernel makes it. */
const residentList = fc
  .uniqueArray(fc.nat(31), { maxLength: 24 })
  .chain((frames) =>
    fc
      .array(page, { minLength: frames.length, maxLength: frames.length })
      .map((pages) => [...frames].sort((a, b) => a - b).map((frame, i): Page => ({ frame, ...pages[i]! }))),
  );

function asKernel(vpn: number, resident: Page[]): ReclaimArgs {
  return new ReclaimArgs(
    3,
    vpn,
    () => resident.map((p) => ({ ...p })),
    (visit) => {
      for (const p of resident) visit(p.frame, p.vpn, +p.referenced, +p.dirty, p.loadedAt, p.lastAccess);
      return resident.length;
    },
  );
}

/** Lists over mostly the same frames (the usual Reclaims: a few pages change in place, a frame comes or goes). */
const similarLists = fc
  .tuple(residentList, fc.array(fc.tuple(fc.nat(31), page, fc.nat(2)), { minLength: 1, maxLength: 10 }))
  .map(([first, edits]) => {
    const lists = [first];
    let cur = first;
    for (const [at, p, op] of edits) {
      const next = cur.map((q) => ({ ...q }));
      const i = cur.length === 0 ? -1 : at % cur.length;
      if (op === 0 && i >= 0) next[i] = { ...p, frame: cur[i]!.frame };
      else if (op === 1 && i >= 0) next.splice(i, 1);
      else if (!next.some((q) => q.frame === at)) {
        next.push({ ...p, frame: at });
        next.sort((a, b) => a.frame - b.frame);
      }
      lists.push(next);
      cur = next;
    }
    return lists;
  });

describe("native Reclaim arguments kept from event to event", () => {
  it("are the kernel's list, frozen, sharing only unchanged pages", () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(residentList, { minLength: 1, maxLength: 10 }), similarLists), (lists) => {
        const kept = new KeptArguments();
        let last: readonly Page[] = [];
        lists.forEach((resident, i) => {
          const got = kept.argsOf("PhysAddr.Reclaim", asKernel(i, resident)) as {
            resident: readonly Page[];
          };
          expect(got).toEqual(frozenCopy(asKernel(i, resident)));
          expect(Object.keys(got)).toEqual(["space", "vpn", "resident"]);
          expect(Object.isFrozen(got) && Object.isFrozen(got.resident)).toBe(true);
          for (const p of got.resident) {
            expect(Object.isFrozen(p)).toBe(true);
            const before = last.find((q) => q.frame === p.frame);
            if (before !== undefined && JSON.stringify(before) === JSON.stringify(p)) expect(p).toBe(before);
            else if (before !== undefined) expect(p).not.toBe(before);
          }
          last = got.resident;
        });
      }),
      { seed: 10, numRuns: 80 },
    );
  });

  it("leave what is not the kernel's rows to the copy", () => {
    const kept = new KeptArguments();
    expect(kept.argsOf("PhysAddr.Reclaim", { space: 0, vpn: 1, resident: [] })).toBeUndefined();
    expect(kept.argsOf("Translation.PageNotPresent", asKernel(0, []))).toBeUndefined();
  });
});
