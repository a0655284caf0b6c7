/** `npm run gen`: rewrite the generated extension API, the event reference and the verifier's rule reference. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateVerifierRulesDoc } from "../verifier/doc.js";
import { generateEventsDoc, generateExtensionApi } from "./generate.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
writeFileSync(`${root}extensions/api/extension.d.ts`, generateExtensionApi());
writeFileSync(`${root}docs/EVENTS.md`, generateEventsDoc());
writeFileSync(`${root}docs/verifier-rules.md`, generateVerifierRulesDoc());
console.log("wrote extensions/api/extension.d.ts, docs/EVENTS.md and docs/verifier-rules.md");
