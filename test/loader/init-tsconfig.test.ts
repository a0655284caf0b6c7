import ts from "typescript";
import { describe, expect, it } from "vitest";
import { extensionCompilerOptions, extensionTsconfig } from "../../extensions/check/options.js";

describe("spin init's tsconfig", () => {
  it("asks the editor for exactly the options spin check uses", () => {
    const json = extensionTsconfig("/api.d.ts") as { compilerOptions: Record<string, unknown> };
    const { options, errors } = ts.convertCompilerOptionsFromJson(json.compilerOptions, "/");
    expect(errors).toEqual([]);
    for (const [key, value] of Object.entries(options)) {
      if (key === "paths" || key === "lib" || key === "pathsBasePath") continue;
      expect([key, value]).toEqual([key, extensionCompilerOptions[key]]);
    }
    // Every checking option of spin check is also in the tsconfig (not the ones an editor cannot use).
    const editorless = new Set(["allowJs", "checkJs", "noLib", "typeRoots", "noResolve", "skipDefaultLibCheck", "experimentalDecorators", "noPropertyAccessFromIndexSignature", "lib"]);
    for (const key of Object.keys(extensionCompilerOptions)) {
      if (editorless.has(key)) continue;
      expect(options).toHaveProperty(key);
    }
    expect(options.lib).toEqual(["lib.es2022.d.ts"]);
  });
});
