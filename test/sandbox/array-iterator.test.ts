import { describe, expect, it } from "vitest";
import { disposeClean, ext, makeVM } from "./helpers.js";

// array-grow-iterated: a getter run by a step of a C-driven iteration (spread, new Set,
// Array.from) grew the iterated array to 2^32-1 and QuickJS stepped through the holes in C.
const GROWING =
  "class G extends Array { get 1() { this.length = 2 ** 32 - 1; return 1; } }\nclass Plain extends Array {}";
const grown = (use: string) => `() => { const a = new G(); a.push(0); a.length = 3; return ${use}; }`;

describe("array iterators in QuickJS (typed, sfi)", () => {
  it("an array grown while spread, put in a Set or copied by Array.from is a RangeError at the next step; other iterations are unchanged", async () => {
    const vm = await makeVM(
      ext(
        {
          spread: grown("[...a].length"),
          set: grown("new Set(a).size"),
          from: grown("Array.from(a).length"),
          keys: grown("[...a.keys()].length"),
          subclass:
            "() => { const a = new Plain(); a.push(1, 2, 3); let n = 0; for (const [i, x] of a.entries()) n += i * x; return [n, [...a].join()]; }",
          arrayLike: "() => [...Array.prototype.values.call({ length: 3, 0: 'a', 1: 'b', 2: 'c' })].join('')",
          typedArray: "() => [...Array.prototype.entries.call(new Uint8Array([7, 8]))].join(';')",
          plain:
            "() => { const a = [1, 2, 3]; return [[...a].join(), Object.getOwnPropertyNames(a[Symbol.iterator]()).length, [][Symbol.iterator] === [].values]; }",
        },
        GROWING,
      ),
    );
    const refused = {
      ok: false,
      error: {
        kind: "exception",
        message: "guest threw RangeError: an array iterator on an array longer than 16777216",
      },
    };
    expect(vm.invoke("spread", 0)).toMatchObject(refused);
    expect(vm.invoke("set", 0)).toMatchObject(refused);
    expect(vm.invoke("from", 0)).toMatchObject(refused);
    // keys() reads no element, so no getter runs and nothing grows.
    expect(vm.invoke("keys", 0)).toMatchObject({ ok: true, value: { value: 3 } });
    expect(vm.invoke("subclass", 0)).toMatchObject({ ok: true, value: { value: [8, "1,2,3"] } });
    expect(vm.invoke("arrayLike", 0)).toMatchObject({ ok: true, value: { value: "abc" } });
    // A typed array's length is an accessor of its prototype: read as the typed array's own.
    expect(vm.invoke("typedArray", 0)).toMatchObject({ ok: true, value: { value: "0,7;1,8" } });
    // A plain array's iterator is QuickJS's own: no `next` of its own, its steps untouched.
    expect(vm.invoke("plain", 0)).toMatchObject({ ok: true, value: { value: ["1,2,3", 0, true] } });
    disposeClean(vm);
  });
});
