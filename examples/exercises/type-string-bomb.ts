/**
 * EXERCISE: type-string-bomb
 * Class: type-level bomb
 * Tries: crash the type check instead of slowing it: template literal types that double a
 *   16-character string 26 times. TypeScript computes each literal type's text eagerly
 *   (getTemplateLiteralType), and the 2^30-character one is past V8's string length: a
 *   RangeError ("Invalid string length") thrown inside the checker, in 1-2 s and well under
 *   the memory limit. The check server answers `ok: false`, timeout.ts turns it into a
 *   VerifierInternalError, and `spin check|load` exits 70 ("internal error (a bug in
 *   spin-kernel...)") for an untrusted source, in every placement that type-checks, with the
 *   worker thread and with the snapshot process alike.
 * Defence: a limit of the engine reached inside the compiler on an extension's source is a
 *   refusal of that source (a diagnostic `typecheck-engine-limit`, exit 3), as a stack overflow
 *   is (extensions/check/nesting.ts isEngineLimit: RangeError of string, array or typed-array
 *   length, a Map's or Set's size, an ArrayBuffer's allocation). SFI mode takes type errors as
 *   warnings and relies on its run-time checks, so there it is a warning and the (harmless)
 *   handler runs.
 * Expected: rejected: type check
 * Expected-sfi: contained: results-valid
 * Check-sfi: results-valid
 */
import { defineExtension } from "spin-kernel/extension";

type D0 = "aaaaaaaaaaaaaaaa";
type D1 = `${D0}${D0}`;
type D2 = `${D1}${D1}`;
type D3 = `${D2}${D2}`;
type D4 = `${D3}${D3}`;
type D5 = `${D4}${D4}`;
type D6 = `${D5}${D5}`;
type D7 = `${D6}${D6}`;
type D8 = `${D7}${D7}`;
type D9 = `${D8}${D8}`;
type D10 = `${D9}${D9}`;
type D11 = `${D10}${D10}`;
type D12 = `${D11}${D11}`;
type D13 = `${D12}${D12}`;
type D14 = `${D13}${D13}`;
type D15 = `${D14}${D14}`;
type D16 = `${D15}${D15}`;
type D17 = `${D16}${D16}`;
type D18 = `${D17}${D17}`;
type D19 = `${D18}${D18}`;
type D20 = `${D19}${D19}`;
type D21 = `${D20}${D20}`;
type D22 = `${D21}${D21}`;
type D23 = `${D22}${D22}`;
type D24 = `${D23}${D23}`;
type D25 = `${D24}${D24}`;
type D26 = `${D25}${D25}`;
let fuse: D26 | undefined;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[fuse === undefined ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
