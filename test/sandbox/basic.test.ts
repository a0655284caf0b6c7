import { describe, expect, it } from "vitest";
import { disposeClean, ext, makeVM } from "./helpers.js";

describe("sandbox basics", () => {
  it("returns numbers and objects from handlers", async () => {
    const vm = await makeVM(
      ext({ add: "(a) => a.x + a.y", obj: "(a) => ({ sum: a.x + a.y, list: [1, 'two', null] })" }),
    );
    expect(vm.manifest.name).toBe("t");
    expect(Object.keys(vm.manifest.events)).toEqual(["add", "obj"]);
    const r = vm.invoke("add", 0, { x: 2, y: 3 });
    expect(r).toEqual({ ok: true, value: { value: 5, instructions: expect.any(Number) } });
    const o = vm.invoke("obj", 0, { x: 1, y: 1 });
    expect(o.ok && o.value.value).toEqual({ sum: 2, list: [1, "two", null] });
    disposeClean(vm);
  });
});
