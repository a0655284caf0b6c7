/**
 * The kernel's invariants and the nothing-lost check. Run at the end of every run, and after
 * every fault and disk completion in --check mode. A violation is a kernel bug, whatever any
 * extension did: extensions only ever decide, the kernel does.
 */
import { PTE_BUSY, PTE_ON_SWAP, PTE_PRESENT, type AddressSpace } from "./address-space.js";
import type { FrameTable } from "./frame-table.js";

export interface InvariantViolation {
  readonly invariant: "frame-accounting" | "frame-mapping" | "page-mapping" | "in-transit" | "progress";
  readonly detail: string;
}

export interface LostWrite {
  readonly app: string;
  readonly vpn: number;
  readonly expected: number;
  readonly found: number;
  readonly where: "frame" | "swap" | "nowhere";
}

export function checkInvariants(frames: FrameTable, spaces: readonly AddressSpace[]): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  let used = 0;
  for (let f = 0; f < frames.count; f++) {
    const owner = frames.owner[f]!;
    if (owner < 0) continue;
    used++;
    const space = spaces[owner];
    const slot = frames.slot[f]!;
    if (!space || slot < 0 || slot >= space.size) {
      out.push({
        invariant: "frame-mapping",
        detail: `frame ${f} is owned by space ${owner} slot ${slot}, which does not exist`,
      });
      continue;
    }
    const flags = space.flags[slot]!;
    if (frames.busy[f] === 0 && ((flags & PTE_PRESENT) === 0 || space.frame[slot] !== f)) {
      out.push({
        invariant: "frame-mapping",
        detail: `frame ${f} is active for page 0x${space.vpn[slot]!.toString(16)} of space ${owner}, but that page does not map it`,
      });
    }
    if (frames.busy[f] !== 0 && (flags & PTE_BUSY) === 0 && (flags & PTE_PRESENT) !== 0) {
      out.push({
        invariant: "frame-mapping",
        detail: `frame ${f} is busy but page 0x${space.vpn[slot]!.toString(16)} of space ${owner} is mapped and not in transit`,
      });
    }
  }
  if (used + frames.freeCount !== frames.count) {
    out.push({
      invariant: "frame-accounting",
      detail: `free (${frames.freeCount}) + used (${used}) != total (${frames.count})`,
    });
  }
  // The per-space counts the reclaim policy reads must equal a recount.
  const owned = new Map<number, { owned: number; busy: number }>();
  for (let f = 0; f < frames.count; f++) {
    const owner = frames.owner[f]!;
    if (owner < 0) continue;
    const c = owned.get(owner) ?? { owned: 0, busy: 0 };
    c.owned++;
    if (frames.busy[f] !== 0) c.busy++;
    owned.set(owner, c);
  }
  const listed = new Set(frames.owners());
  for (const space of new Set([...owned.keys(), ...listed])) {
    const c = owned.get(space) ?? { owned: 0, busy: 0 };
    if (
      frames.ownedCount(space) !== c.owned ||
      frames.hasCandidate(space) !== c.owned > c.busy ||
      listed.has(space) !== c.owned > 0
    ) {
      out.push({
        invariant: "frame-accounting",
        detail: `space ${space} owns ${c.owned} frames (${c.busy} busy) but the frame table counts ${frames.ownedCount(space)}, candidate ${frames.hasCandidate(space)}, listed ${listed.has(space)}`,
      });
    }
  }
  for (const space of spaces) {
    for (let slot = 0; slot < space.size; slot++) {
      if ((space.flags[slot]! & PTE_PRESENT) === 0) continue;
      const f = space.frame[slot]!;
      if (f < 0 || f >= frames.count || frames.owner[f] !== space.id || frames.slot[f] !== slot) {
        out.push({
          invariant: "page-mapping",
          detail: `page 0x${space.vpn[slot]!.toString(16)} of space ${space.id} is present in frame ${f}, which it does not own`,
        });
      }
    }
  }
  return out;
}

/** Every page must read back the last value written to it: from its frame, from swap, or zero. */
export function verifyNothingLost(
  frames: FrameTable,
  spaces: readonly AddressSpace[],
  swap: Float64Array,
  appNames: readonly string[],
): LostWrite[] {
  const lost: LostWrite[] = [];
  for (const space of spaces) {
    for (let slot = 0; slot < space.size; slot++) {
      const flags = space.flags[slot]!;
      const expected = space.expected[slot]!;
      let found = 0;
      let where: LostWrite["where"] = "nowhere";
      if ((flags & PTE_PRESENT) !== 0) {
        found = frames.content[space.frame[slot]!]!;
        where = "frame";
      } else if ((flags & PTE_ON_SWAP) !== 0) {
        found = swap[space.swapSlot[slot]!]!;
        where = "swap";
      }
      if (found !== expected || (flags & PTE_BUSY) !== 0) {
        lost.push({ app: appNames[space.id] ?? `space ${space.id}`, vpn: space.vpn[slot]!, expected, found, where });
      }
    }
  }
  return lost;
}
