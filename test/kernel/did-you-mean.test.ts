import { describe, expect, it } from "vitest";
import { closestName, editDistance } from "../../kernel/did-you-mean.js";

describe("closestName: the one did-you-mean of policies/ and workloads/", () => {
  it("suggests close typos and prefixes, nothing for unrelated words", () => {
    expect(closestName("fifio", ["fifo", "lru"])).toBe("fifo");
    expect(closestName("rand", ["fifo", "random"])).toBe("random");
    expect(closestName("x", ["fifo", "lru"])).toBeUndefined();
    expect(closestName("nru", ["fifo", "lru"])).toBe("lru");
    expect(closestName("zzzz", ["fifo", "lru"])).toBeUndefined();
  });

  it("counts an adjacent transposition as one edit, case-insensitively", () => {
    expect(editDistance("lur", "lru")).toBe(1);
    expect(editDistance("CLOCK", "clock")).toBe(0);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(closestName("lur", ["fifo", "lru"])).toBe("lru");
    expect(closestName("CLOCK", ["fifo", "clock"])).toBe("clock");
  });

  it("abbreviations of two characters or more, the earlier name on a tie, at most 3 edits", () => {
    expect(closestName("hi", ["high", "low"])).toBe("high");
    expect(closestName("h", ["high", "low"])).toBeUndefined();
    expect(closestName("lrv", ["lru", "lrx"])).toBe("lru");
    // 4 edits from "quantumNs", within a third of 12 characters but past the cap of 3.
    expect(closestName("quantumXXXXs", ["quantumNs"])).toBeUndefined();
    expect(closestName("quantumXXs", ["quantumNs"])).toBe("quantumNs");
  });
});
