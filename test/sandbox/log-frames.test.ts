/**
 * A log line's frames when the kernel's own frames fill the stack V8 keeps (red team 15,
 * log-position-deep-tojson): kernel.log called as the toJSON of a value nested deep, by
 * bounded-json.ts's walk, two frames a level, had no frame of the extension among the ten V8
 * keeps, and the line no position in native and server. The capture walks deeper then
 * (bounded-stacks.ts deeperFrames), at most CAPTURE_FRAMES frames, charged to the guest.
 * Since red team 18 kernel.log refuses to be called as a method of another value (the toJSON's
 * holder: log-receiver.test.ts), and since bindlog18 bind refuses kernel.log: the walk reaches it
 * only through a toJSON of the extension's, whose own frame places the line at its kernel.log
 * call, however deep the walk (deeperFrames stays, tested below, for a stack of the kernel's).
 */
import { describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { logMarks } from "../../extensions/exercise/call-marks.js";
import { logLine } from "../../extensions/loader/account.js";
import { modeNamed } from "../../extensions/loader/modes.js";
import { apiDeclarationFile } from "../../extensions/loader/paths.js";
import {
  CAPTURE_FRAMES,
  CAPTURED_FRAME_FUEL,
  deeperFrames,
  type StackFrame,
  usualFrames,
} from "../../sandbox/native/bounded-stacks.js";
import { swapBuiltinCharger } from "../../sandbox/native/builtin-fuel.js";
import { hardenRealm } from "../../sandbox/native/realm.js";

const SOURCE = `import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      let deep: object = { toJSON: (): number => { kernel.log("deep"); return 1; } };
      for (let i = 0; i < args.vpn; i++) deep = { inner: deep };
      if (args.space === 0) JSON.stringify(deep);
      else JSON.stringify([deep], (key: string, value: unknown) => value);
      return { victim: first.frame };
    },
  },
});
`;

describe("a log line written under the kernel's own frames", () => {
  it("is placed at the kernel.log call of the extension's toJSON, however deep the kernel's JSON walk (native, server; QuickJS alike)", async () => {
    const seen: Record<string, (string | undefined)[]> = {};
    for (const mode of ["typed", "sfi", "native", "server"] as const) {
      const prepared = modeNamed(mode).prepare("deep.ts", SOURCE, { apiDeclarationFile: apiDeclarationFile() });
      const created = await createExtensionVM(mode, { source: prepared.js, filename: "deep.js", seed: 1 });
      if (!created.ok) throw created.error;
      const vm = created.value;
      try {
        // 40 levels (the red team's), and 254 with a replacer, the deepest the walk's bound allows.
        for (const [space, vpn] of [
          [0, 40],
          [1, 254],
        ] as const) {
          const r = vm.invokeMany([
            { event: "PhysAddr.Reclaim", index: 0, args: { space, vpn, resident: [{ frame: 5, vpn }] } },
          ]);
          expect(r.ok && r.value.results[0]?.ok, `${mode} ${vpn}`).toBe(true);
        }
        seen[mode] = vm.logs.map((e) => logLine(e, "deep.ts", prepared.mapPosition).position);
      } finally {
        vm.dispose();
      }
    }
    // The toJSON's kernel.log call: QuickJS marks its parenthesis, V8 the name `log`.
    expect(seen.typed).toEqual(["deep.ts:8:62", "deep.ts:8:62"]);
    expect(seen.sfi).toEqual(seen.typed);
    expect(seen.native).toEqual(["deep.ts:8:59", "deep.ts:8:59"]);
    expect(seen.server).toEqual(seen.native);
  });
});

/** A function named by an identifier longer than the prelude's cut of a QuickJS stack (2,000). */
const LONG = `say${"_".repeat(2_100)}line`;
const LONG_SOURCE = `import { defineExtension, kernel } from "spin-kernel/extension";

function ${LONG}(frame: number): void {
  kernel.log("chose " + String(frame));
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      ${LONG}(first.frame);
      return { victim: first.frame };
    },
  },
});
`;

describe("a log line written by a function with a long name", () => {
  it("is placed at its kernel.log call in QuickJS: the frame line's end is kept past the stack's cut (prelude.js frameEnds)", async () => {
    const seen: Record<string, (string | undefined)[]> = {};
    for (const mode of ["typed", "sfi", "native"] as const) {
      const prepared = modeNamed(mode).prepare("long.ts", LONG_SOURCE, { apiDeclarationFile: apiDeclarationFile() });
      const created = await createExtensionVM(mode, { source: prepared.js, filename: "long.js", seed: 1 });
      if (!created.ok) throw created.error;
      const vm = created.value;
      try {
        const r = vm.invokeMany([
          { event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: 3, resident: [{ frame: 5, vpn: 3 }] } },
        ]);
        expect(r.ok && r.value.results[0]?.ok, mode).toBe(true);
        seen[mode] = vm.logs.map((e) => logLine(e, "long.ts", prepared.mapPosition).position);
      } finally {
        vm.dispose();
      }
    }
    expect(seen).toEqual({ typed: ["long.ts:4:13"], sfi: ["long.ts:4:13"], native: ["long.ts:4:10"] });
  });
});

/**
 * kernel.log called by coercions, with no call expression of it (red team 17,
 * log-via-template-coercion): bound, since red team 18 (kernel.log itself refuses the coerced
 * object as its receiver: log-receiver.test.ts), a bound one keeps its own. Since bindlog18 bind
 * refuses kernel.log (log-via-bound-iterator): no coercion reaches it, the bind throws; logMarks
 * still marks the coercions' places (a bound function's line was placed there).
 */
const COERCED_SOURCE = `import { defineExtension, kernel } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      const o = { toString: kernel.log.bind(null) };
      const v = { valueOf: kernel.log.bind(null) };
      sink += \`a \${ o } b\`.length;
      sink += ("x" + o).length;
      let s = "y";
      s += o;
      sink += -v + s.length;
      sink += (sink + ("" +
        o)).length;
      return { victim: first.frame };
    },
  },
});
`;

describe("a log line written by a coercion's call of kernel.log", () => {
  it("is refused at the bind, alike in QuickJS and V8, and logMarks marks the coercions' places", async () => {
    for (const mode of ["typed", "native", "server"] as const) {
      const prepared = modeNamed(mode).prepare("coerced.ts", COERCED_SOURCE, {
        apiDeclarationFile: apiDeclarationFile(),
      });
      const created = await createExtensionVM(mode, { source: prepared.js, filename: "coerced.js", seed: 1 });
      if (!created.ok) throw created.error;
      const vm = created.value;
      try {
        const r = vm.invokeMany([
          { event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: 3, resident: [{ frame: 5, vpn: 3 }] } },
        ]);
        const result = r.ok ? r.value.results[0] : undefined;
        expect(result?.ok === false ? result.error.message : "ok", mode).toMatch(/kernel\.log cannot be bound/);
        expect(vm.logs, mode).toEqual([]);
      } finally {
        vm.dispose();
      }
    }
    // The substitution's expression; a binary operator from its leading space (the end of its
    // left operand, as TypeScript's source map places the operator), on the line it starts; a
    // prefix operator at itself.
    const expected = ["12:21", "13:19", "15:8", "16:15", "17:26"];
    const marks = logMarks("coerced.ts", COERCED_SOURCE);
    expect(expected.filter((p) => !marks.has(p))).toEqual([]);
  });
});

/**
 * A promise job calls kernel.log with no frame of the extension's (red team 17, log-via-thenable):
 * as a reaction (since red team 18 a thenable's then that is kernel.log is refused: its receiver
 * is the thenable, log-receiver.test.ts).
 */
const THENABLE_SOURCE = `import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      kernel.log("handler");
      void Promise.resolve("job").then(kernel.log);
      return { victim: first.frame };
    },
  },
});
`;

describe("a log line written by a promise job", () => {
  it("is marked as a job's in QuickJS's drain, and a handler's line is not; V8 runs a job outside any call, where kernel.log is refused (promise-jobs.test.ts)", async () => {
    const seen: Record<string, { position?: string; fromJob?: true }[]> = {};
    for (const mode of ["typed", "native"] as const) {
      const prepared = modeNamed(mode).prepare("job.ts", THENABLE_SOURCE, { apiDeclarationFile: apiDeclarationFile() });
      const created = await createExtensionVM(mode, { source: prepared.js, filename: "job.js", seed: 1 });
      if (!created.ok) throw created.error;
      const vm = created.value;
      try {
        const r = vm.invokeMany([
          { event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: 3, resident: [{ frame: 5, vpn: 3 }] } },
        ]);
        expect(r.ok && r.value.results[0]?.ok, mode).toBe(true);
        // V8 runs the job when this thread yields. Its kernel.log is refused there, which rejects
        // the guest's promise with nothing to handle it: in spin that rejection arrives after the
        // report and prints nothing; here it is taken from vitest's listeners and checked.
        const rejections: unknown[] = [];
        const listeners = process.listeners("unhandledRejection");
        process.removeAllListeners("unhandledRejection");
        process.on("unhandledRejection", (e) => rejections.push(e));
        try {
          await new Promise((resolve) => setImmediate(resolve));
          await new Promise((resolve) => setImmediate(resolve));
        } finally {
          process.removeAllListeners("unhandledRejection");
          for (const l of listeners) process.on("unhandledRejection", l);
        }
        expect(
          rejections.map((e) => String(e)),
          mode,
        ).toEqual(mode === "native" ? [expect.stringContaining("a promise job of job.js ran outside its calls")] : []);
        seen[mode] = vm.logs.map((e) => {
          const { position, fromJob } = logLine(e, "job.ts", prepared.mapPosition);
          return { ...(position === undefined ? {} : { position }), ...(fromJob === undefined ? {} : { fromJob }) };
        });
      } finally {
        vm.dispose();
      }
    }
    expect(seen).toEqual({
      typed: [{ position: "job.ts:8:17" }, { fromJob: true }],
      native: [{ position: "job.ts:8:14" }],
    });
  });
});

describe("deeperFrames", () => {
  /** Call `body` under `depth` more frames of this file. */
  function under<T>(depth: number, body: () => T): T {
    return depth === 0 ? body() : under(depth - 1, body);
  }

  /** deeperFrames(keep, max) with the fuel it charged. */
  function charged(keep: (f: StackFrame) => boolean, max: number): { frames: readonly StackFrame[]; fuel: number } {
    let fuel = 0;
    const previous = swapBuiltinCharger((units) => {
      fuel += units;
    });
    try {
      return { frames: deeperFrames(keep, max), fuel };
    } finally {
      swapBuiltinCharger(previous);
    }
  }

  it("walks at most CAPTURE_FRAMES frames however deep the stack, each past the usual ones charged", async () => {
    await hardenRealm();
    let walked = 0;
    const none = () => {
      walked++;
      return false;
    };
    const deep = under(3 * CAPTURE_FRAMES, () => charged(none, 4));
    expect(deep.frames).toEqual([]);
    expect(walked).toBe(CAPTURE_FRAMES);
    expect(deep.fuel).toBe((CAPTURE_FRAMES - usualFrames()) * CAPTURED_FRAME_FUEL);

    // A shallower stack is walked whole, and charged for what it has.
    walked = 0;
    const shallow = under(100, () => charged(none, 4));
    expect(walked).toBeGreaterThan(100);
    expect(walked).toBeLessThan(CAPTURE_FRAMES);
    expect(shallow.fuel).toBe((walked - usualFrames()) * CAPTURED_FRAME_FUEL);
  });

  it("keeps the innermost `max` frames `keep` accepts, past any number of others, with their positions", async () => {
    await hardenRealm();
    // The innermost frames are bounded-stacks.ts's own, then this file's: 1,000 frames of `under`.
    const kept = under(1_000, () => charged((f) => f.file.includes("log-frames.test"), 4)).frames;
    expect(kept).toHaveLength(4);
    for (const f of kept) expect(f.line > 0 && f.column > 0, JSON.stringify(f)).toBe(true);
  });
});
