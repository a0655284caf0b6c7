/**
 * Browser counterpart of sandbox/quickjs-wasm.ts: the same release-sync QuickJS .wasm, copied
 * next to the page's scripts by the build and fetched from there (a worker's own URL locates it).
 */
export async function readQuickJSWasm(): Promise<Uint8Array> {
  const url = new URL("quickjs.wasm", self.location.href.replace(/[^/]*$/, ""));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot fetch the QuickJS engine (${url.pathname}): HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
