/**
 * BROKEN ON PURPOSE: type-correct code the verifier refuses. A type assertion forges a Frame
 * out of a plain number (`as Frame`): TypeScript accepts it (a number overlaps Frame), so the
 * checker alone would let an extension name any frame of the machine. The verifier's
 * no-type-assertion rule refuses every assertion except `as const`.
 *
 * Run it:
 *   npx spin check examples/broken/verifier-rejection.ts
 *
 * Expected report: rejected at load time by the verifier (no TypeScript diagnostic):
 *   examples/broken/verifier-rejection.ts:20:22 no-type-assertion: type assertion 'as Frame';
 *   expected no assertion (use a typed declaration, 'satisfies' or a type guard)
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // Frame 0 probably belongs to somebody else. The assertion is the whole trick.
      const victim = 0 as Frame;
      return { victim, clearReferenced: args.resident.map((p) => p.frame) };
    },
  },
});
