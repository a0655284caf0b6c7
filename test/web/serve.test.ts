/** `spin playground`'s static server: the page's folder, read-only, and nothing outside it. */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveRequestPath, serveStatic, type StaticServer } from "../../web/node/serve.js";

let root: string;
let server: StaticServer;

function request(
  method: string,
  rawPath: string,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, method, path: rawPath }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

function requestWith(rawPath: string, headers: Record<string, string>): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, method: "GET", path: rawPath, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the playground's static server", () => {
  beforeAll(async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "spin-serve-"));
    root = path.join(base, "site");
    fs.mkdirSync(path.join(root, "assets"), { recursive: true });
    fs.writeFileSync(path.join(root, "index.html"), "<!doctype html><title>t</title>");
    fs.writeFileSync(path.join(root, "assets", "main.js"), "export {};");
    fs.writeFileSync(path.join(base, "secret.txt"), "secret");
    fs.writeFileSync(path.join(root, "notes.exe"), "binary");
    fs.symlinkSync(path.join(base, "secret.txt"), path.join(root, "link.txt"));
    server = await serveStatic(root, 0);
  });
  afterAll(async () => {
    await server.close();
  });

  it("serves the page and its files with their types, on 127.0.0.1", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await request("GET", "/");
    expect(index.status).toBe(200);
    expect(index.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(index.headers["x-content-type-options"]).toBe("nosniff");
    expect((await request("GET", "/assets/main.js?v=1")).headers["content-type"]).toBe(
      "text/javascript; charset=utf-8",
    );
    const etag = index.headers.etag;
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect((await requestWith("/index.html", { "if-none-match": etag! })).status).toBe(304);
    const head = await request("HEAD", "/index.html");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
  });

  it("answers only GET and HEAD", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const r = await request(method, "/index.html");
      expect(r.status).toBe(405);
      expect(r.headers.allow).toBe("GET, HEAD");
    }
  });

  it("never leaves its folder: no .., no encoded .., no symbolic link, no unknown type", async () => {
    for (const p of [
      "/../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/%2E%2E/%2E%2E/secret.txt",
      "/..%2fsecret.txt",
      "/%2e%2e%5csecret.txt",
    ]) {
      const r = await request("GET", p);
      expect([400, 403]).toContain(r.status);
      expect(r.body).not.toContain("secret");
    }
    expect((await request("GET", "/link.txt")).status).toBe(404);
    expect((await request("GET", "/notes.exe")).status).toBe(404);
    expect((await request("GET", "/missing.js")).status).toBe(404);
    expect((await request("GET", "/%zz")).status).toBe(400);
    expect((await request("GET", `/${"a".repeat(3000)}`)).status).toBe(414);
  });

  it("resolves request paths inside the folder only", () => {
    expect(resolveRequestPath("/srv/site", "/assets/a.js")).toEqual({ file: "/srv/site/assets/a.js" });
    expect(resolveRequestPath("/srv/site", "/")).toEqual({ file: "/srv/site/index.html" });
    expect(resolveRequestPath("/srv/site", "/a%00b")).toMatchObject({ status: 400 });
    expect(resolveRequestPath("/srv/site", "/./x")).toMatchObject({ status: 403 });
  });
});
