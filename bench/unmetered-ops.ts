/**
 * Single guest operations that can take long in C with no interrupt poll of their own (red team 2,
 * finding 1's class; docs/EXERCISES.md, "The second red team"): each case runs once in a fresh
 * sandbox VM with a large budget and deadline and a 64 MiB heap, and reports its host time and
 * the interrupt polls it took. A case whose time is large and whose polls are few is work no meter
 * sees: the host watchdog (past the deadline) and the host time per run (under it) are what bound
 * it. Raw sandbox: no verifier (some of these it would refuse).
 *
 *   npm run build && node dist/bench/unmetered-ops.js [--json]
 */
import { createSandboxVM } from "../sandbox/vm.js";

const CASES: Readonly<Record<string, string>> = {
  "s + s, 4M characters (x50)":
    "() => { const s = 'x'.repeat(4e6); let n = 0; for (let i = 0; i < 50; i++) n += (s + s).length; return n }",
  "s1 < s2, equal 8M characters (x50)":
    "() => { const a = 'x'.repeat(8e6), b = 'x'.repeat(8e6 - 1) + 'y'; let n = 0; for (let i = 0; i < 50; i++) n += a < b ? 1 : 0; return n }",
  "template literal of two 4M-character parts (x50)":
    // biome-ignore lint/suspicious/noTemplateCurlyInString: guest source text, a template literal on purpose
    "() => { const s = 'x'.repeat(4e6); let n = 0; for (let i = 0; i < 50; i++) n += `${s}${s}`.length; return n }",
  "x ** y on numbers (x1M)": "() => { let s = 0; for (let i = 0; i < 1e6; i++) s += 1.0000001 ** i; return s }",
  "object spread of 100k keys (x20)":
    "() => { const o = {}; for (let i = 0; i < 1e5; i++) o['k' + i] = i; let n = 0; for (let i = 0; i < 20; i++) n += Object.keys({ ...o }).length; return n }",
  "array spread of 1M elements (x20)":
    "() => { const a = new Array(1e6).fill(1); let n = 0; for (let i = 0; i < 20; i++) n += [...a].length; return n }",
  "missing property on a 100k-deep prototype chain (x1000)":
    "() => { let p = {}; for (let i = 0; i < 1e5; i++) p = Object.create(p); let n = 0; for (let i = 0; i < 1000; i++) if (p.missing === undefined) n++; return n }",
  "instanceof through a 100k-deep chain (x1000)":
    "() => { let p = {}; for (let i = 0; i < 1e5; i++) p = Object.create(p); let n = 0; for (let i = 0; i < 1000; i++) if (p instanceof Array) n++; return n }",
  "'k' in a 100k-deep chain (x1000)":
    "() => { let p = {}; for (let i = 0; i < 1e5; i++) p = Object.create(p); let n = 0; for (let i = 0; i < 1000; i++) if ('zz' in p) n++; return n }",
  "typed array from an 8M-element array-like (x1)": "() => new Uint8Array({ length: 8e6 }).length",
};

export interface UnmeteredCase {
  readonly name: string;
  readonly ms: number;
  /** Interrupt polls of the call, or the fault it ended with. */
  readonly polls: number | string;
}

export async function benchUnmeteredOps(): Promise<UnmeteredCase[]> {
  const out: UnmeteredCase[] = [];
  for (const [name, fn] of Object.entries(CASES)) {
    const source = `import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ handlers: { ev: ${fn} } });\n`;
    const made = await createSandboxVM({
      source,
      limits: { budget: 1_000_000, timeoutMs: 60_000, memoryBytes: 64 * 1048576 },
    });
    if (!made.ok) throw new Error(`${name}: ${made.error.kind}: ${made.error.message}`);
    const t = performance.now();
    const r = made.value.invoke("ev", 0);
    const ms = performance.now() - t;
    out.push({ name, ms, polls: r.ok ? r.value.instructions : `${r.error.kind}: ${r.error.message}` });
    made.value.dispose();
  }
  return out;
}

const results = await benchUnmeteredOps();
if (process.argv.includes("--json")) console.log(JSON.stringify(results, null, 2));
else
  for (const c of results)
    console.log(
      `${c.name.padEnd(58)} ${c.ms.toFixed(0).padStart(6)} ms  ${typeof c.polls === "number" ? `${c.polls} polls` : c.polls}`,
    );
