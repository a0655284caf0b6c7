/** `npm run gen`: rewrite the generated extension API, the event reference, the verifier's rule reference and the placements' facts. */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateVerifierRulesDoc } from "../verifier/doc.js";
import { generateEventsDoc, generateExtensionApi } from "./generate.js";
import { withPlacementsBlock } from "../loader/placements-doc.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
writeFileSync(`${root}extensions/api/extension.d.ts`, generateExtensionApi());
writeFileSync(`${root}docs/EVENTS.md`, generateEventsDoc());
writeFileSync(`${root}docs/verifier-rules.md`, generateVerifierRulesDoc());
const placements = `${root}docs/PLACEMENTS.md`;
writeFileSync(placements, withPlacementsBlock(readFileSync(placements, "utf8")));
console.log(
  "wrote extensions/api/extension.d.ts, docs/EVENTS.md, docs/verifier-rules.md and the facts of docs/PLACEMENTS.md",
);
