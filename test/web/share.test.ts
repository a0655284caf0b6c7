/** Share links: what a link may hold, and that a hostile or broken one is refused with a reason. */
import { describe, expect, it } from "vitest";
import { MAX_LINK_CHARS, decodeState, encodeState, validate, type SharedState } from "../../web/page/share.js";

const isExample = (p: string) => p === "examples/scenarios/textbook.json";
const good: SharedState = {
  code: 'import { defineExtension } from "spin-kernel/extension";\n',
  file: "pager.ts",
  mode: "sfi",
  workload: { example: "examples/scenarios/textbook.json" },
  frames: 4,
};

describe("share links", () => {
  it("round-trip code and settings through the URL hash", async () => {
    const hash = await encodeState(good);
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    expect(await decodeState(hash, isExample, 64)).toEqual({ ok: true, state: good });
  });

  it("carry pasted workloads, and example paths as file names", async () => {
    const state: SharedState = {
      ...good,
      file: "examples/pagers/fifo.ts",
      workload: { pasted: { kind: "trace", text: "R 0x1000\n" } },
    };
    expect(await decodeState(await encodeState(state), isExample, 64)).toEqual({ ok: true, state });
  });

  it("ignore a hash that is not a share link", async () => {
    expect(await decodeState("#results", isExample, 64)).toBeUndefined();
  });

  const bad: [string, unknown, RegExp][] = [
    ["not an object", [1, 2], /not an object/],
    ["an unknown field", { ...good, v: 1, run: true }, /unknown field "run"/],
    ["another version", { ...good, v: 2 }, /version 2/],
    [
      "markup in the file name",
      { ...good, v: 1, file: '<img src=x onerror="alert(1)">.ts' },
      /file must be a short name/,
    ],
    ["a path out of the folder", { ...good, v: 1, file: "../../etc/passwd.ts" }, /file must be a short name/],
    ["an unknown mode", { ...good, v: 1, mode: "native" }, /mode must be typed or sfi/],
    ["frames out of range", { ...good, v: 1, frames: 0 }, /frames must be an integer from 1 to 64/],
    ["fractional frames", { ...good, v: 1, frames: 2.5 }, /frames must be an integer/],
    ["an unknown example", { ...good, v: 1, workload: { example: "/etc/passwd" } }, /names no bundled example/],
    [
      "both workloads",
      { ...good, v: 1, workload: { example: "examples/scenarios/textbook.json", pasted: { kind: "trace", text: "" } } },
      /either an example or pasted/,
    ],
    [
      "a bad pasted kind",
      { ...good, v: 1, workload: { pasted: { kind: "script", text: "" } } },
      /pasted kind must be scenario or trace/,
    ],
    ["code that is not text", { ...good, v: 1, code: { toString: 1 } }, /code must be text/],
  ];
  for (const [what, value, reason] of bad) {
    it(`refuse ${what}`, () => {
      const out = validate(value, isExample, 64);
      expect(out.ok).toBe(false);
      expect(out.ok ? "" : out.reason).toMatch(reason);
    });
  }

  it("refuse a link too long, not base64url, not deflate, or not JSON", async () => {
    expect(await decodeState(`#s=${"A".repeat(MAX_LINK_CHARS + 1)}`, isExample, 64)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/at most/),
    });
    expect(await decodeState("#s=%%%", isExample, 64)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not base64url/),
    });
    expect(await decodeState("#s=AAAA", isExample, 64)).toMatchObject({ ok: false });
    const notJson = await encodeState(good);
    // A valid deflate stream of text that is not JSON.
    const bytes = new TextEncoder().encode("not json");
    const packed = new Uint8Array(
      await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer(),
    );
    const hash = `#s=${Buffer.from(packed).toString("base64url")}`;
    expect(notJson).not.toBe(hash);
    expect(await decodeState(hash, isExample, 64)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not JSON/),
    });
  });

  it("stop decompressing a bomb at the limit", async () => {
    const bytes = new Uint8Array(8 * 1024 * 1024).fill(0x20);
    const packed = new Uint8Array(
      await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer(),
    );
    const hash = `#s=${Buffer.from(packed).toString("base64url")}`;
    expect(hash.length).toBeLessThan(MAX_LINK_CHARS);
    expect(await decodeState(hash, isExample, 64)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not decompress to at most/),
    });
  });
});
