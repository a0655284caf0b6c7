import { describe, expect, it } from "vitest";
import { disposeClean, ext, makeVM } from "./helpers.js";

// QuickJS's serialiser and parser recurse in C once per level, and the stack QuickJS measures
// grows little per level: a value nested 100,000 deep ran the host's own stack out (the VM died
// of the host's RangeError) or, in a larger thread stack, held the host in the serialiser's
// cycle search. The prelude bounds both at 256 levels, as the V8 placements do.
const DEEP = "let deep = []; for (let i = 0; i < 100000; i++) deep = [deep];";

describe("values nested deeper than the sandbox encodes", () => {
  it("a result, a thrown value and a JSON text nested 100,000 deep: a fault at 256 levels, and the VM lives", async () => {
    const vm = await makeVM(
      ext({
        result: `() => { ${DEEP} return deep; }`,
        thrown: `() => { ${DEEP} throw deep; }`,
        parse: "(n) => JSON.parse('['.repeat(n) + ']'.repeat(n)).length",
        parseString: "(n) => JSON.parse('[\"' + '['.repeat(n) + '\"]')[0].length",
        stringify: `() => { ${DEEP} return JSON.stringify(deep); }`,
      }),
    );
    expect(vm.invoke("result", 0)).toMatchObject({
      ok: false,
      error: {
        kind: "invalid-result",
        message: "result is not JSON-serialisable: JSON.stringify of a value nested deeper than 256",
      },
    });
    expect(vm.invoke("thrown", 0)).toMatchObject({
      ok: false,
      error: { kind: "exception", message: "guest threw object: <unprintable>" },
    });
    expect(vm.invoke("parse", 0, 100_000)).toMatchObject({
      ok: false,
      error: { kind: "exception", message: "guest threw RangeError: JSON.parse of a text nested deeper than 256" },
    });
    expect(vm.invoke("parse", 0, 257)).toMatchObject({ ok: true });
    // Brackets inside a string do not nest; a text within the call's free allowance (4,096) is not read first.
    expect(vm.invoke("parseString", 0, 100_000)).toMatchObject({ ok: true, value: { value: 100_000 } });
    // Since red team 18 the free allowance is one per handler call: the repeats that built this
    // 4,096-character text used it, so the text is read first and its nesting bounded too.
    expect(vm.invoke("parse", 0, 2048)).toMatchObject({
      ok: false,
      error: { kind: "exception", message: "guest threw RangeError: JSON.parse of a text nested deeper than 256" },
    });
    expect(vm.invoke("stringify", 0)).toMatchObject({ ok: false, error: { kind: "exception" } });
    expect(vm.state).toBe("alive");
    disposeClean(vm);
  });
});
