/**
 * kernel.log is called, never called by the engine as a method of the guest's value (red team
 * 18, issue 10): a coercion's Symbol.toPrimitive, a toJSON the kernel's encoding of a result or
 * its description of a fault runs, each wrote a line at a place that is no call (or at none).
 * kernel.log refuses a receiver other than the kernel object (or console), undefined or null,
 * and any call while the kernel encodes a result or describes a fault (a toJSON of the
 * extension's that calls it); and Function.prototype.bind refuses kernel.log as its target, its
 * receiver or in its bound arguments (a bound function calls it with no frame of the
 * extension's: bindlog18, log-via-bound-iterator); the calls a student writes (`kernel.log(...)`, an alias, a callback) work
 * as before. And a computed key that is an object names no function with a line break in
 * QuickJS (`__sfi_name` converts it first: log-position-object-key-name).
 */
import { describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { logLine } from "../../extensions/loader/account.js";
import { modeNamed } from "../../extensions/loader/modes.js";
import { apiDeclarationFile } from "../../extensions/loader/paths.js";

const SOURCE = `import { defineExtension, kernel } from "spin-kernel/extension";

const keys: number[] = [];
const wider: (number | { [Symbol.toPrimitive]: (message: string) => void })[] = keys;
const table: Record<string, number> = { string: 1 };
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      if (args.vpn === 0) {
        kernel.log("direct");
        ["each"].forEach(kernel.log);
      } else if (args.vpn === 5) {
        const say = kernel.log;
        say("alias");
      } else if (args.vpn === 6) {
        const holder = { log: kernel.log };
        holder.log("held as a method");
      } else if (args.vpn === 7) {
        kernel.log.call(first, "called on another value");
      } else if (args.vpn === 8) {
        ["with a thisArg"].forEach(kernel.log, first);
      } else if (args.vpn === 1) {
        if (keys.length === 0) wider.push({ [Symbol.toPrimitive]: kernel.log });
        const n = keys[0];
        if (n !== undefined) sink += table[n] ?? 0;
      } else if (args.vpn === 2) {
        const result = { victim: first.frame, "the kernel's encoding": { toJSON: kernel.log } };
        return result;
      } else if (args.vpn === 3) {
        const result = { victim: first.frame, t: { toJSON: (): number => (kernel.log("called, in the encoding"), 1) } };
        return result;
      } else if (args.vpn === 4) {
        const thrown = { name: "E", t: { toJSON: (): number => (kernel.log("called, in the description"), 1) } };
        throw thrown;
      }
      return { victim: args.resident[sink % 1]?.frame ?? first.frame };
    },
  },
});
`;

async function run(mode: "typed" | "sfi" | "native" | "server", file: string, source: string, vpns: number[]) {
  const prepared = modeNamed(mode).prepare(`${file}.ts`, source, { apiDeclarationFile: apiDeclarationFile() });
  const created = await createExtensionVM(mode, { source: prepared.js, filename: `${file}.js`, seed: 1 });
  if (!created.ok) throw created.error;
  const vm = created.value;
  try {
    const outcomes: string[] = [];
    for (const vpn of vpns) {
      const r = vm.invokeMany([
        { event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn, resident: [{ frame: 5, vpn: 3 }] } },
      ]);
      const result = r.ok ? r.value.results[0] : undefined;
      outcomes.push(result === undefined ? "none" : result.ok ? "ok" : `${result.error.name}: ${result.error.message}`);
    }
    const logs = vm.logs.map((e) => ({ text: e.text, at: logLine(e, `${file}.ts`, prepared.mapPosition).position }));
    return { outcomes, logs };
  } finally {
    vm.dispose();
  }
}

describe("kernel.log's receiver (red team 18)", () => {
  for (const mode of ["typed", "sfi", "native", "server"] as const) {
    it(`${mode}: a call, an alias and a callback log at their calls; the engine's calls as a method, and calls while the kernel encodes or describes, write nothing`, async () => {
      const { outcomes, logs } = await run(mode, "receiver", SOURCE, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
      // Only the calls wrote lines, each placed in the file (sfi refuses a call through an
      // alias of its checked kernel.log, as any function outside its table: an older rule).
      const texts = mode === "sfi" ? ["direct", "each"] : ["direct", "each", "alias"];
      expect(logs.map((l) => l.text.split(" ")[0])).toEqual(texts);
      for (const l of logs) expect(l.at, mode).toMatch(/^receiver\.ts:\d+:\d+$/);
      expect(outcomes[0]).toBe("ok");
      expect(outcomes[5]).toMatch(mode === "sfi" ? /SfiFault: .*indirect call/ : /^ok$/);
      // Also refused: a guest object holding it as its method, a call on another value, a
      // callback given another value as its thisArg (sfi: an indirect call of the held copy,
      // or the checked kernel.log's receiver trap).
      for (const i of [6, 7, 8])
        expect(outcomes[i], `${mode} ${i}`).toMatch(
          mode === "sfi"
            ? /SfiFault: .*(indirect call|kernel\.log called by the engine)/
            : /kernel\.log must be called/,
        );
      // The coerced key: refused with a message that says how to call kernel.log (sfi: its trap).
      expect(outcomes[1]).toMatch(
        mode === "sfi" ? /SfiFault.*kernel\.log called by the engine/ : /kernel\.log must be called/,
      );
      if (mode === "sfi") {
        // sfi's checked copy of the result is plain data: no toJSON runs, the result is accepted.
        expect(outcomes[2]).toBe("ok");
        expect(outcomes[3]).toBe("ok");
      } else {
        expect(outcomes[2]).toMatch(/not JSON-serialisable: kernel\.log must be called/);
        expect(outcomes[3]).toMatch(/not JSON-serialisable: kernel\.log cannot be called while the kernel encodes/);
      }
      // The thrown object is still the extension's exception, described without the line.
      expect(outcomes[4]).toMatch(/guest threw object/);
    });
  }
});

const NAMED = `import { defineExtension, kernel } from "spin-kernel/extension";

const keys: number[] = [];
const wider: (number | { toString: () => string })[] = keys;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      if (keys.length === 0) wider.push({ toString: () => "x (named.js:1:1)\\n    at y" });
      const key = keys[0];
      if (key !== undefined) {
        const say: Record<number, () => void> = {
          [key](): void {
            kernel.log("in the method");
          },
        };
        say[key]?.();
      }
      return { victim: first.frame };
    },
  },
});
`;

describe("a computed key that is an object (red team 18, log-position-object-key-name)", () => {
  for (const mode of ["typed", "sfi"] as const) {
    it(`${mode}: is converted to its property key before its line break is looked for: the key traps, no frame is forged`, async () => {
      const { outcomes, logs } = await run(mode, "named", NAMED, [3]);
      expect(outcomes[0]).toMatch(/SfiFault: .*a function's name with a line break/);
      expect(logs).toEqual([]);
    });
  }
});

const BOUND = `import { defineExtension, kernel } from "spin-kernel/extension";

type Loose = (this: unknown, ...args: unknown[]) => unknown;
const applies: Loose[] = [];
const widerApplies: (Loose | typeof kernel.log.apply)[] = applies;
const add = (a: number, b: number): number => a + b;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      if (applies.length === 0) widerApplies.push(kernel.log.apply);
      const loose = applies[0];
      if (loose === undefined) throw new Error("no apply");
      let sink = 0;
      if (args.vpn === 0) kernel.log.bind(null, "target");
      else if (args.vpn === 1) kernel.log.call.bind(kernel.log, null);
      else if (args.vpn === 2) kernel.log.apply.bind(kernel.log, null, ["receiver"]);
      else if (args.vpn === 3) kernel.log.apply.bind(loose, kernel.log.call, [kernel.log, [null, "nested"]]);
      else if (args.vpn === 4) loose.bind(null, { held: { deeper: [1, kernel.log] } });
      else if (args.vpn === 5) loose.bind(null, new Array<number>(300).fill(0));
      else if (args.vpn === 6) {
        const cyclic: { self?: object; n: number[] } = { n: [1, 2, 3] };
        cyclic.self = cyclic;
        // (Not apply: bindapply refuses apply with its list bound.)
        const rest = (..._xs: unknown[]): number => 0;
        sink = add.bind(null, 1).length + rest.bind(null, cyclic, [cyclic]).length;
        kernel.log("bound " + sink);
      }
      return { victim: first.frame };
    },
  },
});
`;

describe("a bound kernel.log (red team 18, issue 10: log-via-bound-iterator)", () => {
  for (const mode of ["typed", "sfi", "native", "server"] as const) {
    it(`${mode}: bind refuses kernel.log as its target, its receiver, or held in its bound arguments; other binds work`, async () => {
      const { outcomes, logs } = await run(mode, "bound", BOUND, [0, 1, 2, 3, 4, 5, 6]);
      for (const i of [0, 1, 2, 3, 4])
        expect(outcomes[i], `${mode} ${i}`).toMatch(
          /TypeError: kernel\.log cannot be bound: call it as kernel\.log\(\.\.\.\) inside a function of your own/,
        );
      expect(outcomes[5]).toMatch(
        /RangeError: Function\.prototype\.bind: its bound arguments hold more than 256 values/,
      );
      expect(outcomes[6]).toBe("ok");
      expect(logs.map((l) => l.text)).toEqual(["bound 1"]);
    });
  }
});

const BOUND_LIST = `import { defineExtension, kernel } from "spin-kernel/extension";

type Loose = (this: unknown, ...args: unknown[]) => unknown;
const fns: Loose[] = [];
const wider: (Loose | typeof kernel.log.apply | typeof kernel.log.call | typeof kernel.log.bind)[] = fns;
const lists: unknown[][] = [];
const widerLists: (unknown[] | ArrayLike<unknown>)[] = lists;
const add = (a: number, b: number): number => a + b;
const counter = { n: 40, next(): number { return ++this.n; } };

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      if (fns.length === 0) wider.push(kernel.log.apply, kernel.log.call, kernel.log.bind);
      const [apply, call, bind] = fns;
      if (apply === undefined || call === undefined || bind === undefined) throw new Error("no builtins");
      const list: unknown[] = [0, [null, "mutated"]];
      lists.length = 0;
      widerLists.push({ get 0() { return kernel.log; }, 1: [null, "getter"], length: 2 });
      const getter = lists[0] ?? list;
      const own: Loose = function (this: unknown, ...xs: unknown[]): unknown { return xs.length; };
      let bound: Loose | undefined;
      if (args.vpn === 0) bound = apply.bind(call, call, list);
      else if (args.vpn === 1) bound = apply.bind(own, call, getter);
      else if (args.vpn === 2) bound = call.bind(apply, call, null, list);
      else if (args.vpn === 3) bound = apply.bind(call);
      else if (args.vpn === 4) bound = apply.bind(own).bind(null, call, list);
      else if (args.vpn === 5) bound = call.bind(call, apply, call, null, list);
      else if (args.vpn === 6) bound = bind.bind(apply, call, null, list);
      else if (args.vpn >= 7) {
        // Normal binds: a method bound to its object, leading arguments, apply with the list at the call.
        const next = counter.next.bind(counter);
        const inc = add.bind(null, 1);
        const spread = apply.bind(own);
        if (args.vpn === 7) kernel.log("made " + typeof next + " " + typeof inc + " " + typeof spread);
        else kernel.log("bound " + next() + " " + inc(2) + " " + String(spread(null, [1, 2, 3])));
        return { victim: first.frame };
      }
      list[0] = kernel.log;
      // A bound bind (vpn 6) is made: its call runs bind again, which refuses there.
      if (bound !== undefined) bound();
      return { victim: first.frame };
    },
  },
});
`;

const MADE = "made function function function";

describe("a bound argument list (bindapply, red team 18: log-via-bound-mutated)", () => {
  for (const mode of ["typed", "sfi", "native", "server"] as const) {
    it(`${mode}: bind refuses apply with its list bound and call/apply bound to call/apply, through bound targets and call; other binds work`, async () => {
      const { outcomes, logs } = await run(mode, "boundlist", BOUND_LIST, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
      const refused =
        /TypeError: Function\.prototype\.bind: a bound function may not reach apply, Reflect\.apply or Reflect\.construct with its argument list bound/;
      for (const i of [0, 1, 2, 3, 4, 5]) expect(outcomes[i], `${mode} ${i}`).toMatch(refused);
      // A bound bind is made; its call runs the wrapper again, which finds kernel.log written into
      // the list by then (sfi refuses the call first: an indirect call outside its table).
      expect(outcomes[6], `${mode} 6`).toMatch(
        mode === "sfi" ? /SfiFault: sfi: indirect call/ : /TypeError: kernel\.log cannot be bound/,
      );
      expect(outcomes[7]).toBe("ok");
      // sfi refuses calling any bound function (an indirect call outside its table), as before.
      expect(outcomes[8]).toMatch(mode === "sfi" ? /SfiFault: sfi: indirect call/ : /^ok$/);
      expect(logs.map((l) => l.text)).toEqual(mode === "sfi" ? [MADE] : [MADE, "bound 41 3 3"]);
    });
  }
});
