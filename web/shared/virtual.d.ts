/** Modules the playground's build provides (web/node/build.ts): bundled data, no code. */
declare module "playground:lib-files" {
  const files: import("./assets.js").PlaygroundLibFiles;
  export default files;
}
declare module "playground:examples" {
  const examples: import("./assets.js").PlaygroundExamples;
  export default examples;
}
