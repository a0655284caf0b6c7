/**
 * The project's layers, enforced by dependency-cruiser (`npm run lint:deps`, part of `npm test`).
 * README.md ("Layout") says what each folder holds and why it sits where it does.
 *
 * A folder may import from the folders in the rows below its own, never from its own row's other
 * folders or from above. Type-only imports count too (tsPreCompilationDeps): a layer that names a
 * type of a higher one depends on it as much as one that calls it.
 */
const LAYERS = [
  // lowest first
  ["kernel"], // the simulator and the dispatcher: mechanism only; runs in a browser
  ["policies", "workloads"], // built-in policies; input formats → a machine configuration (siblings)
  ["sandbox"], // QuickJS execution of guest code, its limits, the guest-side JavaScript
  ["extensions"], // load-time toolchain (type check, verifier, SFI rewriter), loader, exercises
  ["render"], // reports, tables and charts as text and SVG: no I/O
  ["bench", "web"], // measurements, returned as data; the browser playground (page, workers, its build and server)
  ["cli"], // the `spin` command: the terminal, and what it starts (`spin bench`, `spin playground`)
];

const layerRules = LAYERS.flatMap((row, level) =>
  row.map((folder) => {
    const above = LAYERS.slice(level)
      .flat()
      .filter((f) => f !== folder);
    return {
      name: `layer-${folder}`,
      comment: `${folder}/ imports only from the layers below it (${LAYERS.slice(0, level).flat().join(", ") || "nothing"})`,
      severity: "error",
      from: { path: `^${folder}/` },
      to: { path: `^(${above.join("|")})/` },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "no-circular",
      comment: "no import loop anywhere, also between the files of one folder",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-orphans",
      comment: "every module is imported or imports something (else it is dead code)",
      severity: "error",
      from: {
        orphan: true,
        pathNot: [
          "\\.d\\.ts$",
          // The runtime half of the `spin-kernel/extension` package export (package.json): what an
          // extension's import resolves to outside the sandbox, where the sandbox supplies its own.
          "^extensions/api/extension\\.js$",
          // Browser counterparts of project modules, put in their place when the page is bundled
          // (web/node/build.ts, SUBSTITUTES), never imported by name.
          "^web/adapters/",
        ],
      },
      to: {},
    },
    {
      name: "kernel-no-node",
      comment: "the kernel runs in a browser: no Node built-ins",
      severity: "error",
      from: { path: "^kernel/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "kernel-no-packages",
      comment: "the kernel imports nothing outside itself, packages included",
      severity: "error",
      from: { path: "^kernel/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "machine-state-private",
      comment:
        "the machine's state and the parts that share it are private to kernel/machine: the rest sees the Kernel and MachineView",
      severity: "error",
      from: { pathNot: "^kernel/machine/" },
      to: { path: "^kernel/machine/(machine|strands|cpu|paging|pager-clock|reclaim)\\.ts$" },
    },
    {
      name: "typescript-through-its-seam",
      comment:
        "the compiler is loaded by require in extensions/typescript.ts (an ES import of it costs about 0.3 s per thread); types may be imported directly",
      severity: "error",
      from: { path: "^extensions/", pathNot: "^extensions/typescript\\.ts$" },
      to: { path: "(^|/)node_modules/typescript/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "terminal-only-in-cli",
      comment: "cli/ is the only code that knows a terminal (the progress bar)",
      severity: "error",
      from: { pathNot: "^cli/" },
      to: { path: "(^|/)node_modules/cli-progress/" },
    },
  ],
  options: {
    // The project's own code only: not tests, examples, the build, build scripts, the files at the
    // root, or the guest-side JavaScript (sandbox/guest/: text the sandbox runs, not modules of the
    // host; its `spin-kernel/extension` is the sandbox's own module). Packages are kept as leaves
    // (doNotFollow) so that the rules can see who imports them.
    exclude: { path: "^(dist|test|examples|docs|bin|scripts|sandbox/guest)/|^[^/]+\\.[cm]?[jt]s$" },
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".d.ts"],
    },
  },
};
