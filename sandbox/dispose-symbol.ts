/**
 * `using` needs Symbol.dispose. Node 20 and current Chromium and Firefox have it; where it is
 * missing (an older browser running the playground), the stand-in that TypeScript's and esbuild's
 * `using` helpers and quickjs-emscripten's handles fall back to, Symbol.for("Symbol.dispose"), is
 * put in its place, so that this project's disposables and QuickJS's handles answer to one key.
 * Imported, before anything else, by every module that defines a disposable.
 */
const symbols = Symbol as unknown as { dispose?: symbol };
symbols.dispose ??= Symbol.for("Symbol.dispose");

export {};
