import ts from "typescript";
import { describe, expect, it } from "vitest";
import { EXTENSION_MODULE, extensionCompilerOptions, extensionTsconfig } from "../../extensions/check/options.js";

describe("spin init's tsconfig, generated from the options spin check uses", () => {
  it("reads back (ts.convertCompilerOptionsFromJson) as exactly spin check's compiler options, plus the path of the API", () => {
    const json = extensionTsconfig("/api.d.ts");
    const { options, errors } = ts.convertCompilerOptionsFromJson(json.compilerOptions, "/project");
    expect(errors).toEqual([]);
    expect(options).toEqual({ ...extensionCompilerOptions, paths: { [EXTENSION_MODULE]: ["/api.d.ts"] } });
    expect(json.include).toEqual(["*.ts"]);
  });

  it("is JSON as a person would write it: ES2022 by name, not TypeScript's enum numbers", () => {
    const { compilerOptions } = extensionTsconfig("/api.d.ts");
    expect(compilerOptions).toMatchObject({
      target: "ES2022",
      module: "ES2022",
      moduleResolution: "bundler",
      moduleDetection: "force",
      lib: ["ES2022"],
    });
    expect(Object.values(compilerOptions).filter((v) => typeof v === "number")).toEqual([]);
  });
});
