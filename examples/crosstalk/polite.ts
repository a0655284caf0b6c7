/**
 * A well-behaved extension: on every page fault of its application it answers "no prefetch" at
 * once. Each invocation is charged its crossing and one fuel unit (the handler's entry).
 * See greedy.ts for the experiment it is half of.
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  name: "polite",
  handlers: {
    "Translation.PageNotPresent": () => ({}),
  },
});
