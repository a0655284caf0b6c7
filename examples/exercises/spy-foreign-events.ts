/**
 * EXERCISE: spy-foreign-events
 * Class: reading another application's pages
 * Tries: watch the other application's page faults, disk completions and scheduling: install
 *   handlers on every event with the widest possible vpn guard, and log the space of every
 *   event it is shown.
 * Defence: the kernel's authorizer and guards: every extension handler's guard is confined to
 *   its own application's address space, whatever guard it asks for. Every event logged is the
 *   extension's own (the check reads its log).
 * Expected: contained: own-space-only
 * Check: own-space-only
 */
import { defineExtension, kernel } from "spin-kernel/extension";

const wide = { vpn: { lo: 0, hi: Number.MAX_SAFE_INTEGER } };

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": {
      guard: wide,
      options: { cancel: false },
      handler: (args) => {
        kernel.log(`fault space ${args.space} vpn ${args.vpn}`);
        return {};
      },
    },
    "Disk.IOComplete": {
      guard: wide,
      options: { cancel: false },
      handler: (args) => {
        kernel.log(`io space ${args.space} vpn ${args.vpn}`);
        return {};
      },
    },
    "Strand.Block": (args) => kernel.log(`block space ${args.space}`),
    "Strand.Unblock": (args) => kernel.log(`unblock space ${args.space}`),
  },
});
