/**
 * The TypeScript compiler, loaded through `require`. Every module of the toolchain imports it from
 * here (`import ts from "../typescript.js"`; the layer check refuses a direct import), because how
 * it is loaded costs a third of a second per thread: `typescript.js` is 9 MB of CommonJS, and an
 * ES `import` of it makes Node scan the whole file for its export names (cjs-module-lexer) and
 * parse it once more to guess its module format before compiling it, about 0.3 s of CPU that
 * `require` skips (measured in docs/PERFORMANCE.md, "Start-up"). The type check's worker and
 * the main thread each load it once.
 *
 * `import … = require` is TypeScript's CommonJS import; in an ES module tsc emits it as a
 * `createRequire` call, and esbuild (the playground's bundle) bundles it like any `require`.
 * Exported as the default, the alias keeps both meanings: the compiler's API and its types.
 */
import ts = require("typescript");

export default ts;
