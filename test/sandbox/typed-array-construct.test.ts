/**
 * QuickJS's typed-array and buffer constructors (issue 10, the item red team 16 left open): each
 * zeroed or copied its store in C for a tick, so a loop of them ran under its budget however
 * much it allocated (typed-array-construct-uncharged: 3,000 `new Float64Array(2 ** 19)` a call,
 * no stop). The prelude now constructs the originals through functions that charge the store a
 * tick per 64 bytes, and a typed array's copy its elements. What the language says of them
 * (instanceof, `.constructor`, the statics, a guest's subclass, new.target, species, from and
 * of) is checked against this thread's V8, whose constructors are not wrapped; each loop below
 * ran with no fault before (a few tens of milliseconds here) and now runs out of budget, but a
 * view over an existing buffer is charged nothing. The V8 placements have no typed arrays.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { apiDeclarationFile, executionModes } from "../../extensions/loader/index.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

/**
 * Plain JavaScript, run by the prelude unverified (the verifier refuses a subclass of a builtin,
 * and reflection, in typed and sfi: the prelude keeps them right anyway) and by this test's V8.
 */
const ORDINARY = `
  class Bytes extends Uint8Array {
    constructor(n) { super(n); this.made = new.target === Bytes; }
    sum() { let s = 0; for (let i = 0; i < this.length; i++) s += this[i]; return s; }
  }
  const b = new Bytes(4);
  b[1] = 7;
  const buf = new ArrayBuffer(16);
  const view = new Float64Array(buf, 8, 1);
  view[0] = 2.5;
  const copy = new Int16Array(new Float64Array([1.5, -2.5, 70000]));
  const fromArray = new Uint8ClampedArray([300, -5, 1.5]);
  const fromSet = new Float32Array(new Set([1, 2, 3]));
  const sliced = b.slice(1, 3);
  const shared = new SharedArrayBuffer(8);
  const of = Int32Array.of(1, 2, 3);
  const fromTyped = Float64Array.from(copy, (x) => x * 2);
  let thrown = "";
  try { Uint8Array(2); } catch (e) { thrown = e instanceof TypeError ? "TypeError" : "other"; }
  const reflected = Reflect.construct(Uint16Array, [3], Bytes);
  const gp = Object.getPrototypeOf;
  return [
    b instanceof Bytes, b instanceof Uint8Array, b.constructor === Bytes, b.made, b.sum(), b.length, b.byteLength,
    gp(Bytes) === Uint8Array, gp(Bytes.prototype) === Uint8Array.prototype,
    new Uint8Array(2).constructor === Uint8Array, Uint8Array.prototype.constructor === Uint8Array,
    gp(Int8Array) === gp(Uint8Array), gp(Int8Array.prototype) === gp(Uint8Array.prototype), gp(ArrayBuffer) === Function.prototype,
    Uint8Array.name, Uint8Array.length, Float64Array.BYTES_PER_ELEMENT, Float64Array.prototype.BYTES_PER_ELEMENT,
    ArrayBuffer.name, ArrayBuffer.length, SharedArrayBuffer.name, SharedArrayBuffer.length, ArrayBuffer[Symbol.species] === ArrayBuffer,
    Float64Array[Symbol.species] === Float64Array, Object.getOwnPropertyNames(Float64Array).sort().join(), Object.getOwnPropertyNames(ArrayBuffer).sort().join(),
    typeof Float64Array.from, ArrayBuffer.isView(view), ArrayBuffer.isView(buf),
    view.buffer === buf, new Float64Array(buf)[1], buf instanceof ArrayBuffer, buf.constructor === ArrayBuffer, buf.byteLength,
    Array.from(copy), Array.from(fromArray), Array.from(fromSet), sliced instanceof Bytes, Array.from(sliced), buf.slice(8).byteLength,
    shared.byteLength, shared instanceof SharedArrayBuffer, Array.from(of), of.constructor === Int32Array, Array.from(fromTyped),
    thrown, reflected instanceof Bytes, reflected.constructor === Bytes, reflected.length, reflected.byteLength,
    new DataView(buf, 8).getFloat64(0, true), Object.isFrozen(Float64Array), Object.isFrozen(ArrayBuffer),
  ];
`;

/** The same, and %TypedArray%.of making a subclass's store 300 times, as a module. */
const UNVERIFIED = `
import { defineExtension, kernel } from "spin-kernel/extension";
class Wide extends Float64Array {
  constructor() { super(1 << 16); }
}
const loops = [() => {${ORDINARY}}, () => { let n = 0; for (let i = 0; i < 300; i++) n += Wide.of().length; return n; }];
export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      kernel.log(JSON.stringify(loops[args.vpn]()));
      return { victim: args.resident[0].frame };
    },
  },
});
`;

/** Loops the verifier admits, in typed and sfi. */
const SOURCE = `
import { defineExtension, kernel } from "spin-kernel/extension";
const loops: (() => number)[] = [
  // 300 stores of 512 KiB, zeroed.
  () => { let n = 0; for (let i = 0; i < 300; i++) n += new Float64Array(1 << 16).length; return n; },
  // 300 buffers of 1 MiB, zeroed.
  () => { let n = 0; for (let i = 0; i < 300; i++) n += new ArrayBuffer(1 << 20).byteLength; return n; },
  // 300 shared buffers of 1 MiB, zeroed.
  () => { let n = 0; for (let i = 0; i < 300; i++) n += new SharedArrayBuffer(1 << 20).byteLength; return n; },
  // 300 copies of 2^16 numbers into 32-bit integers.
  () => { const a = new Float64Array(1 << 16); let n = 0; for (let i = 0; i < 300; i++) n += new Int32Array(a).length; return n; },
  // 3,000 views over one 4 MiB buffer: nothing copied, nothing charged but the calls.
  () => { const b = new ArrayBuffer(1 << 22); let n = 0; for (let i = 0; i < 3000; i++) n += new Float64Array(b).length + new Uint8Array(b, 8, 16).length; return n; },
];
export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const f = loops[args.vpn];
      kernel.log(JSON.stringify(f === undefined ? 0 : f()));
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
`;

const vms: ExtensionVM[] = [];
afterAll(() => {
  for (const vm of vms) vm.dispose();
});

async function vmOf(mode: "typed" | "sfi", verified: boolean): Promise<ExtensionVM> {
  const source = verified
    ? executionModes[mode].prepare("construct.ts", SOURCE, { apiDeclarationFile: apiDeclarationFile() }).js
    : UNVERIFIED;
  const created = await createExtensionVM(mode, {
    source,
    filename: "construct.js",
    seed: 1,
    limits: { timeoutMs: 60_000 },
  });
  if (!created.ok) throw created.error;
  vms.push(created.value);
  return created.value;
}

function run(vm: ExtensionVM, vpn: number) {
  const r = vm.invokeMany([
    { event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn, resident: [{ frame: 3, vpn: 1 }] } },
  ]);
  if (!r.ok) return { fault: r.error.kind, seen: undefined };
  const result = r.value.results[0]!;
  if (!result.ok) return { fault: result.error.kind, seen: undefined };
  return { fault: undefined, seen: JSON.parse(vm.logs.at(-1)!.text) as unknown };
}

describe("typed-array and buffer constructors charged (issue 10)", () => {
  it("behave as the language says, a subclass's included; %TypedArray%.of's stores run out of budget [typed]", async () => {
    const vm = await vmOf("typed", false);
    // What this thread's V8 gives (its constructors are not wrapped, its statics not frozen).
    const expected = JSON.parse(JSON.stringify(new Function(ORDINARY)())) as unknown[];
    expected.splice(-2, 2, true, true);
    expect(run(vm, 0).seen).toEqual(expected);
    expect(run(vm, 1).fault).toBe("budget");
  });

  it.each(["typed", "sfi"] as const)("loops of stores run out of budget, views do not [%s]", async (mode) => {
    const vm = await vmOf(mode, true);
    // All at once, so that a failure shows every loop's fault.
    const faults = [0, 1, 2, 3, 4].map((vpn) => run(vm, vpn).fault);
    expect(faults).toEqual(["budget", "budget", "budget", "budget", undefined]);
    expect(run(vm, 4).seen).toBe(3000 * ((1 << 19) + 16));
  });
});
