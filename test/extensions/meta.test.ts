import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateVerifierRulesDoc, ruleSection } from "../../extensions/verifier/doc.js";
import { rules } from "../../extensions/verifier/index.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const doc = fs.readFileSync(path.join(root, "docs/verifier-rules.md"), "utf8");
const ruleFiles = fs
  .readdirSync(path.join(root, "extensions/verifier/rules"))
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .map((f) => f.replace(/\.ts$/, ""));

describe("rule registry", () => {
  it("has one entry per rule file, keyed by the file name", () => {
    expect(Object.keys(rules).sort()).toEqual([...ruleFiles].sort());
  });
  for (const [key, rule] of Object.entries(rules)) {
    it(`${key}: id equals key and file name, kebab-case, documented`, () => {
      expect(rule.id).toBe(key);
      expect(ruleFiles).toContain(rule.id);
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.why.length).toBeGreaterThan(20);
      expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
      expect(doc).toContain(`${ruleSection(rule)}\n`);
    });
  }
});

describe("docs/verifier-rules.md", () => {
  it("is what the rules generate (npm run gen rewrites it): every rule's id, why, details and messages", () => {
    expect(doc).toBe(generateVerifierRulesDoc());
  });
});
