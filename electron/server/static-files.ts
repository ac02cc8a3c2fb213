import fs from 'node:fs';
import path from 'node:path';

/**
 * The Content-Security-Policy of every page we serve, over app:// in Electron and over HTTP in browser mode:
 * our own scripts only, no remote content, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Svelte sets element styles at run time; no remote style sheets either way.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.csv': 'text/csv; charset=utf-8',
};

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path to a file inside `root`, or null when it would leave `root` (../, encoded or not,
 * absolute paths, NUL bytes, links pointing outside) or does not exist. "/" and other extension-less routes
 * give index.html (the renderer routes in memory).
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const realRoot = fs.realpathSync(root);
  const candidate = path.resolve(realRoot, '.' + path.posix.normalize('/' + decoded));
  if (!isInside(realRoot, candidate)) return null;
  const isFile = fs.existsSync(candidate) && fs.statSync(candidate).isFile();
  // Only extension-less routes fall back to the app shell; a missing asset is a plain 404.
  if (!isFile && path.extname(candidate) !== '') return null;
  const target = isFile ? candidate : path.join(realRoot, 'index.html');
  if (!fs.existsSync(target)) return null;
  const real = fs.realpathSync(target);
  return isInside(realRoot, real) ? real : null;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
