/**
 * The static server behind `spin playground`: the built page's folder on localhost, nothing else.
 * GET and HEAD only; a path is decoded once, must stay inside the folder (no `..`, no NUL, no
 * symbolic link followed out of it) and name a regular file of a known type no larger than
 * MAX_FILE_BYTES; request lines and headers are bounded, connections are capped, and idle ones
 * time out. It serves files; it runs nothing.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

export const MAX_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_URL_CHARS = 2048;
export const MAX_CONNECTIONS = 64;

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

export interface StaticServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Where a request path points inside `root`, or why it does not. */
export function resolveRequestPath(
  root: string,
  rawUrl: string,
): { file: string } | { status: number; reason: string } {
  if (rawUrl.length > MAX_URL_CHARS) return { status: 414, reason: "the URL is too long" };
  const pathname = rawUrl.split(/[?#]/, 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { status: 400, reason: "the path is not valid percent-encoding" };
  }
  if (!decoded.startsWith("/") || decoded.includes("\0") || decoded.includes("\\"))
    return { status: 400, reason: "bad path" };
  if (decoded.split("/").some((part) => part === ".." || part === "."))
    return { status: 403, reason: "no path may leave the page's folder" };
  const relative = decoded.endsWith("/") ? `${decoded}index.html` : decoded;
  const file = path.resolve(root, `.${relative}`);
  if (file !== root && !file.startsWith(root + path.sep))
    return { status: 403, reason: "no path may leave the page's folder" };
  return { file };
}

function send(res: http.ServerResponse, status: number, text: string, head: boolean): void {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-content-type-options": "nosniff",
  });
  res.end(head ? undefined : text);
}

function handle(root: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const head = req.method === "HEAD";
  if (req.method !== "GET" && !head) {
    res.setHeader("allow", "GET, HEAD");
    return send(res, 405, "only GET and HEAD\n", false);
  }
  const where = resolveRequestPath(root, req.url ?? "/");
  if ("status" in where) return send(res, where.status, `${where.reason}\n`, head);
  const type = TYPES[path.extname(where.file).toLowerCase()];
  let stat: fs.Stats;
  try {
    // lstat: a symbolic link is not followed, wherever it points.
    stat = fs.lstatSync(where.file);
  } catch {
    return send(res, 404, "not found\n", head);
  }
  if (!stat.isFile() || type === undefined) return send(res, 404, "not found\n", head);
  if (stat.size > MAX_FILE_BYTES) return send(res, 413, "file too large\n", head);
  // Revalidation (no-cache + ETag): the two workers share a 4 MB chunk, fetched once.
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, { etag, "cache-control": "no-cache" });
    return void res.end();
  }
  res.writeHead(200, {
    etag,
    "content-type": type,
    "content-length": stat.size,
    "cache-control": "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  if (head) return void res.end();
  const stream = fs.createReadStream(where.file);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/** Serve `root` on 127.0.0.1:`port` (0: a free port the system picks). */
export function serveStatic(root: string, port: number): Promise<StaticServer> {
  const folder = path.resolve(root);
  const server = http.createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => handle(folder, req, res));
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      const actual = typeof address === "object" && address !== null ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        port: actual,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
