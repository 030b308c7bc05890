import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, posix } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';

/** Headers of every web UI answer: our own origin only, no framing, no sniffing, no referrer. */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** A built UI is a few hundred KiB; these bounds only stop a wrong folder from filling the memory. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
const MAX_FILES = 5000;
/** Vite puts content-hashed names under assets/: they never change, so browsers may keep them. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

interface WebFile {
  readonly body: Buffer;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly etag?: string;
  /** The body gzipped (RFC 9110 §8.4.1.3), for text types where that is smaller. */
  readonly gzip?: Buffer;
}

/** Text compresses to about a third; images and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg\+xml)/;
const MIN_COMPRESSED_BYTES = 1024;

/** The gzipped body, computed once at start-up, when it is worth it. */
function gzipped(body: Buffer, contentType: string): Buffer | undefined {
  if (!COMPRESSIBLE.test(contentType) || body.length < MIN_COMPRESSED_BYTES) return undefined;
  const gz = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
  return gz.length < body.length ? gz : undefined;
}

/** True when the request's Accept-Encoding (RFC 9110 §12.5.3) takes gzip: listed without q=0. */
function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding?.trim() !== 'gzip' && coding?.trim() !== 'x-gzip') return false;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return q === undefined || Number(q) > 0;
  });
}

/** The UI's files by path relative to the root ("index.html", "assets/app-abc123.js"), or why not. */
type Site = { readonly files: ReadonlyMap<string, WebFile> } | { readonly problem: string };

/**
 * Reads the built UI into memory once, at start-up. The files are small and do not change while a
 * server runs (a new build comes with a restart), so every answer is a map lookup with no file
 * system access at all: a request path can only ever name a file found here under the root, which
 * makes traversal impossible by construction (the path checks in {@link uiPath} are a second wall).
 * Dot-files and symbolic links are left out.
 */
export function loadSite(root: string | undefined): Site {
  const notBuilt = { problem: 'The web UI is not built. Run `npm run build`, then restart the server.' };
  if (root === undefined || !existsSync(join(root, 'index.html'))) return notBuilt;
  const files = new Map<string, WebFile>();
  let total = 0;
  const walk = (dir: string, prefix: string): string | undefined => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      const key = prefix + entry.name;
      if (entry.isDirectory()) {
        const problem = walk(path, `${key}/`);
        if (problem !== undefined) return problem;
      } else if (entry.isFile()) {
        total += statSync(path).size;
        if (files.size >= MAX_FILES || total > MAX_TOTAL_BYTES) {
          return `The web UI folder holds more than ${MAX_FILES} files or ${MAX_TOTAL_BYTES} bytes; is it the right folder?`;
        }
        const body = readFileSync(path);
        const contentType = CONTENT_TYPES[extname(entry.name).toLowerCase()] ?? 'application/octet-stream';
        const gzip = gzipped(body, contentType);
        files.set(key, {
          body,
          contentType,
          cacheControl: key.startsWith('assets/') ? IMMUTABLE : 'no-cache',
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
          ...(gzip !== undefined && { gzip }),
        });
      }
    }
    return undefined;
  };
  const problem = walk(root, '');
  if (problem !== undefined) return { problem };
  return files.has('index.html') ? { files } : notBuilt;
}

/**
 * The file path a request URL names, relative to the UI root ('' for "/"), or undefined for anything
 * that is not a plain path inside it: encoded slashes or backslashes, NUL, bad percent-encoding, empty,
 * "." or ".." segments, and dot-files.
 */
export function uiPath(url: string): string | undefined {
  const raw = url.split('?', 1)[0] ?? '';
  if (!raw.startsWith('/') || /%2f|%5c|%00|\\/i.test(raw)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(raw.slice(1));
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const segments = path.split('/');
  // A trailing slash is allowed ("/environments/"); no other segment may be empty.
  const inner = segments.at(-1) === '' ? segments.slice(0, -1) : segments;
  if (inner.some((segment) => segment === '' || segment.startsWith('.'))) return undefined;
  const relative = inner.join('/');
  return posix.normalize(relative || '.') === (relative || '.') ? relative : undefined;
}

/** Sends a file with the UI's headers; HEAD gets the headers alone (this is no route, see below). */
function send(request: FastifyRequest, reply: FastifyReply, file: WebFile, status = 200): FastifyReply {
  // Answered from the not-found handler, whose status is 404 until said otherwise.
  void reply.code(status).headers(UI_SECURITY_HEADERS).header('cache-control', file.cacheControl);
  // The gzipped and the plain body are two representations: each has its own validator.
  const gzip = file.gzip !== undefined && acceptsGzip(request) ? file.gzip : undefined;
  if (file.gzip !== undefined) void reply.header('vary', 'Accept-Encoding');
  const etag = file.etag === undefined || gzip === undefined ? file.etag : `${file.etag.slice(0, -1)}-gz"`;
  if (etag !== undefined) {
    void reply.header('etag', etag);
    if (request.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) return reply.code(304).send();
  }
  void reply.type(file.contentType);
  if (gzip !== undefined) void reply.header('content-encoding', 'gzip');
  const body = gzip ?? file.body;
  if (request.method === 'HEAD') return reply.header('content-length', String(body.length)).send();
  return reply.send(body);
}

function notBuiltPage(problem: string): string {
  const escaped = problem
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/`([^`]*)`/g, '<code>$1</code>');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Evident</title></head>\n<body><h1>Evident</h1><p>${escaped}</p><p>The API is available under <a href="/api/v1/openapi.json">/api/v1</a>.</p></body></html>\n`;
}

/** Answers a request for the web UI, or undefined when it is not one (then it is the API's 404). */
export type WebUi = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

/**
 * The web UI at `/` (DESIGN §5 "Web UI") for GET and HEAD requests that no API route serves: the
 * built files, and index.html for any other path outside /api/, so that the UI's own routes
 * (/environments/prod) survive a reload. Unknown API paths keep their JSON 404, and so does a missing
 * file under assets/ (never a page in its place) and a path that is not plain (see {@link uiPath}).
 * Without a built UI all of them answer 503, with a page that says how to build it.
 */
export function webAssets(webRoot: string | undefined, log: FastifyBaseLogger): WebUi {
  const site = loadSite(webRoot);
  if ('problem' in site) {
    log.warn({ webRoot }, site.problem);
    const page: WebFile = {
      body: Buffer.from(notBuiltPage(site.problem)),
      contentType: 'text/html; charset=utf-8',
      cacheControl: 'no-store',
    };
    return (request, reply) =>
      requestedPath(request) === undefined ? undefined : send(request, reply, page, 503);
  }
  const { files } = site;
  return (request, reply) => {
    const path = requestedPath(request);
    if (path === undefined) return undefined;
    const file = files.get(path === '' ? 'index.html' : path);
    if (file !== undefined) return send(request, reply, file);
    if (path.startsWith('assets/')) return undefined;
    const index = files.get('index.html');
    return index === undefined ? undefined : send(request, reply, index);
  };
}

/** The UI path a GET or HEAD request asks for, if it is a plain path outside /api/. */
function requestedPath(request: FastifyRequest): string | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const path = uiPath(request.url);
  return path === undefined || path === 'api' || path.startsWith('api/') ? undefined : path;
}
