/** `npm run build:web`: build the playground and list its files with their sizes. */
import { buildPlayground } from "./build.js";

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
let result: Awaited<ReturnType<typeof buildPlayground>>;
try {
  result = await buildPlayground();
} catch (error) {
  // esbuild's errors name the file and what is wrong; our stack would add nothing.
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
  if (errors === undefined) throw error;
  for (const e of errors)
    process.stderr.write(`${e.location ? `${e.location.file}:${e.location.line}: ` : ""}${e.text}\n`);
  process.stderr.write("the playground was not built\n");
  process.exit(1);
}
let total = 0;
let gzip = 0;
for (const f of result.files) {
  total += f.bytes;
  gzip += f.gzipBytes;
  process.stdout.write(`${f.file.padEnd(48)} ${kib(f.bytes).padStart(12)} ${kib(f.gzipBytes).padStart(12)} gzip\n`);
}
process.stdout.write(
  `${"total".padEnd(48)} ${kib(total).padStart(12)} ${kib(gzip).padStart(12)} gzip\nbuilt ${result.outDir}\n`,
);
