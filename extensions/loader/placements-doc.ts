/**
 * The facts of docs/PLACEMENTS.md that live in mode-names.ts (what each placement trusts, where
 * it runs, what stops it, how its fuel is counted, the crossing cost it names), as the Markdown
 * block the document holds between PLACEMENTS_DOC_BEGIN and PLACEMENTS_DOC_END: `npm run gen`
 * writes it there and a test checks it is what this function makes, so no fact is written twice.
 */
import { CROSSING_COSTS, PLACEMENTS, PLACEMENT_NAMES } from "./mode-names.js";

export const PLACEMENTS_DOC_BEGIN = "<!-- generated from extensions/loader/mode-names.ts by npm run gen: begin -->";
export const PLACEMENTS_DOC_END = "<!-- generated: end -->";

const ENGINE_TEXT = {
  quickjs: "its own QuickJS WASM instance, in the kernel's thread",
  compartment: "the kernel's own V8, in a SES Compartment of the kernel's hardened realm",
  worker: "a worker thread of its own (its own V8 isolate and heap), behind a synchronous IPC round trip",
} as const;

function microseconds(ns: number): string {
  return `${(ns / 1000).toLocaleString("en-US", { maximumFractionDigits: 2 })} µs`;
}

export function generatePlacementsBlock(): string {
  const out: string[] = [PLACEMENTS_DOC_BEGIN, ""];
  for (const name of PLACEMENT_NAMES) {
    const p = PLACEMENTS[name];
    const crossing = CROSSING_COSTS[p.crossing];
    out.push(
      `### \`${name}\``,
      "",
      `- **Runs in:** ${ENGINE_TEXT[p.engine]} (engine \`${p.engine}\`)${p.browser ? "; also in the playground's browser" : "; not in the browser"}.`,
      `- **Trusts:** ${p.trusts}.`,
      `- **Stops:** ${p.stops}.`,
      `- **Fuel:** ${p.fuel.unit} (${p.fuel.exact ? "exact" : "not exact"}): ${p.fuel.how}.`,
      `- **Crossing cost** (\`${p.crossing}\`, charged in simulated time by issue 11; SPIN's figure ${microseconds(crossing.spinNs)}): ${crossing.what}.`,
      "",
    );
  }
  out.push(PLACEMENTS_DOC_END);
  return out.join("\n");
}

/** `doc` with its generated block replaced by the current one; throws when the markers are missing. */
export function withPlacementsBlock(doc: string): string {
  const begin = doc.indexOf(PLACEMENTS_DOC_BEGIN);
  const end = doc.indexOf(PLACEMENTS_DOC_END);
  if (begin < 0 || end < begin) throw new Error("docs/PLACEMENTS.md: the generated block's markers are missing");
  return doc.slice(0, begin) + generatePlacementsBlock() + doc.slice(end + PLACEMENTS_DOC_END.length);
}
