// Run-time side of "spin-kernel/extension" for code that imports an extension outside the
// sandbox (a unit test of a pager, say). Inside the sandbox the loader provides its own module.
export function defineExtension(definition) {
  return definition;
}

export const kernel = {
  log(message) {
    console.log(String(message));
  },
};
