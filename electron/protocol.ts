import fs from 'node:fs/promises';
import type { Protocol, Session } from 'electron';
import { CONTENT_SECURITY_POLICY, mimeType, resolveStaticPath } from './server/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'tiengnoi';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The trailing slash matters: it keeps look-alike hosts such as app://tiengnoi.evil out. */
export function isAppUrl(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`);
}

/**
 * Must run before the app is ready. "standard" gives the scheme an origin and relative-URL resolution,
 * "secure" makes it a secure context, "supportFetchAPI" lets the page fetch its own assets.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererDir));
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

/**
 * Serves the built renderer. Files are read with fs rather than net.fetch(file://...): net.fetch goes
 * through the default session, whose request filter cancels everything that is not app://.
 */
export async function serveAppRequest(request: Pick<Request, 'url' | 'method'>, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405);
  const rawPath = appPathOf(request.url);
  if (rawPath === null || hasDotSegment(rawPath)) return plain(404);
  const file = resolveStaticPath(rendererDir, rawPath);
  if (file === null || isMissingAsset(rawPath, file)) return plain(404);
  const headers = { ...SECURITY_HEADERS, 'Content-Type': mimeType(file) };
  if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(await fs.readFile(file), { status: 200, headers });
}

/**
 * The path exactly as written, before any URL normalisation: new URL() would quietly turn
 * "/../../etc/passwd" into "/etc/passwd", which hides the attempt instead of refusing it.
 */
function appPathOf(url: string): string | null {
  const match = /^app:\/\/([^/?#]*)([^?#]*)/i.exec(url);
  if (!match || match[1]!.toLowerCase() !== APP_HOST) return null;
  return match[2] || '/';
}

function hasDotSegment(rawPath: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return true;
  }
  return decoded.split(/[/\\]/).some((segment) => segment === '..' || segment === '.');
}

/** A missing script or image must fail as such, not come back as index.html (the page's own fallback). */
function isMissingAsset(rawPath: string, file: string): boolean {
  const requested = rawPath.split('/').pop() ?? '';
  const wantsFile = /\.[a-z0-9]+$/i.test(requested) && !/\.html?$/i.test(requested);
  return wantsFile && !file.endsWith(decodeURIComponent(requested));
}

function plain(status: number): Response {
  return new Response(null, { status, headers: SECURITY_HEADERS });
}

/**
 * No remote content, ever: the app works offline and a child's answers must not leave the machine
 * through a stray URL. data: and blob: stay local (images and downloads the page makes itself).
 */
const ALLOWED_PREFIXES = [`${APP_SCHEME}:`, 'devtools:', 'data:', 'blob:'];

export function isAllowedRequest(url: string): boolean {
  return ALLOWED_PREFIXES.some((prefix) => url.startsWith(prefix));
}

export function blockRemoteRequests(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url) });
  });
}
