/** `npm run gen`: rewrite the generated extension API and event reference. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateEventsDoc, generateExtensionApi } from "./generate.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
writeFileSync(`${root}extensions/api/extension.d.ts`, generateExtensionApi());
writeFileSync(`${root}docs/EVENTS.md`, generateEventsDoc());
console.log("wrote extensions/api/extension.d.ts and docs/EVENTS.md");
