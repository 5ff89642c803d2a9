// The app:// scheme: serves the bundled renderer and nothing else. GET only;
// the path is decoded once, normalized, and must stay inside the renderer
// folder after symlinks are resolved. Every answer carries the CSP.
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RENDERER_CSP } from './csp.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export type AssetResolution = { readonly ok: true; readonly path: string; readonly mime: string } | { readonly ok: false; readonly status: 400 | 403 | 404 | 405; readonly reason: string };

/** Where a request may be served from, or why not. Pure except for resolving symlinks. */
export async function resolveAppAsset(rendererRoot: string, method: string, requestUrl: string): Promise<AssetResolution> {
  if (method !== 'GET') return { ok: false, status: 405, reason: 'only GET is served' };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { ok: false, status: 403, reason: 'foreign origin' };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  // Decoded once only: what is left must not still look encoded, hold NULs, backslashes or dot segments.
  if (/%[0-9a-f]{2}/i.test(path) || path.includes('\0') || path.includes('\\') || path.split('/').some((segment) => segment === '..' || segment === '.')) {
    return { ok: false, status: 403, reason: 'path escapes the renderer' };
  }
  const relativePath = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  if (isAbsolute(relativePath)) return { ok: false, status: 403, reason: 'absolute path' };
  let root: string;
  try {
    root = await realpath(rendererRoot);
  } catch {
    return { ok: false, status: 404, reason: 'the renderer is not built' };
  }
  const candidate = resolve(join(root, relativePath));
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return { ok: false, status: 404, reason: 'no such asset' };
  }
  const inside = relative(root, real);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) {
    return { ok: false, status: 403, reason: 'path escapes the renderer' };
  }
  return { ok: true, path: real, mime: MIME[extname(real).toLowerCase()] ?? 'application/octet-stream' };
}

/** The protocol.handle callback body: a Response for any Request. */
export async function serveAppRequest(rendererRoot: string, request: { method: string; url: string }): Promise<Response> {
  const headers = {
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  };
  const resolution = await resolveAppAsset(rendererRoot, request.method, request.url);
  if (!resolution.ok) return new Response(null, { status: resolution.status, headers });
  try {
    return new Response(await readFile(resolution.path), { status: 200, headers: { ...headers, 'content-type': resolution.mime } });
  } catch {
    return new Response(null, { status: 404, headers });
  }
}
