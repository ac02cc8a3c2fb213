import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LANG, isLang, type Lang } from '../../core/i18n/messages';
import { AppError } from '../../core/errors';
import { dispatch } from '../api/dispatch';
import { toErrorValue } from '../api/error-value';
import type { Session } from '../api/session';
import { TOKEN_COOKIE, allowedHosts, hasValidToken, isSameOrigin, newToken } from './auth';
import { CONTENT_SECURITY_POLICY, mimeType, resolveStaticPath } from './static-files';

export interface BridgeOptions {
  session: Session;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface RunningBridge {
  url: string;
  /** The URL to open: it carries the token once, and the server swaps it for a cookie. */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Room for the largest message the API takes: an XLSForm as base64 (up to 40 MB, core/api/survey.ts). Larger files
 * (a data export, a project file) come in parts of 8 MB (core/api/data.ts).
 */
const MAX_BODY = 48 * 1024 * 1024;
const API_PREFIX = '/api/';

/**
 * Browser mode: serves the built renderer and the same API as Electron's IPC, on loopback by default.
 * Every /api request needs the token; every request needs our own Host (and Origin, when sent).
 */
export async function startHttpBridge(options: BridgeOptions): Promise<RunningBridge> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const { session, rendererDir } = options;
  const eventStreams = new Set<ServerResponse>();
  let hosts = new Set<string>();

  const server = http.createServer((req, res) => {
    setCommonHeaders(res);
    if (!isSameOrigin(req, hosts)) return sendJson(res, 403, { ok: false, error: 'forbidden' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith(API_PREFIX) || url.pathname === '/api') {
      if (!hasValidToken(req, token)) return sendJson(res, 401, { ok: false, error: 'unauthorized' });
      return void handleApi(req, res, url, session, eventStreams).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorValue(new AppError('internal'), DEFAULT_LANG) });
      });
    }
    const given = url.searchParams.get('token');
    if (given !== null) {
      // Trade the token in the URL for an HttpOnly cookie, then drop it from the address bar.
      if (given !== token) return sendJson(res, 401, { ok: false, error: 'unauthorized' });
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
      res.writeHead(302, { Location: '/' });
      return res.end();
    }
    serveStatic(req, res, rendererDir, url.pathname);
  });

  const unsubscribe = session.subscribe((event, payload) => {
    const frame = `event: message\ndata: ${JSON.stringify({ event, payload })}\n\n`;
    for (const stream of eventStreams) stream.write(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/`;

  return {
    url,
    openUrl: `${url}?token=${encodeURIComponent(token)}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const stream of eventStreams) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function requestLang(req: IncomingMessage): Lang {
  const explicit = req.headers['x-tiengnoi-lang'];
  if (isLang(explicit)) return explicit;
  const accepted = (req.headers['accept-language'] ?? '').slice(0, 2).toLowerCase();
  return isLang(accepted) ? accepted : DEFAULT_LANG;
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  session: Session,
  eventStreams: Set<ServerResponse>,
): Promise<void> {
  const route = url.pathname.slice(API_PREFIX.length);
  const lang = requestLang(req);
  if (req.method === 'GET' && route === 'health') return sendJson(res, 200, { ok: true });
  if (req.method === 'GET' && route === 'events') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    eventStreams.add(res);
    req.on('close', () => eventStreams.delete(res));
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendJson(res, 405, { ok: false, error: toErrorValue(new AppError('unknownMethod', { method: route }), lang) });
  }
  const body = await readBody(req);
  if (body === null) return sendJson(res, 413, { ok: false, error: toErrorValue(new AppError('badInput'), lang) });
  let input: unknown;
  try {
    input = body.length ? JSON.parse(body) : {};
  } catch {
    return sendJson(res, 400, { ok: false, error: toErrorValue(new AppError('badInput'), lang) });
  }
  sendJson(res, 200, await dispatch(route, input, { session, lang }));
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(value));
}

function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, urlPath: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' });
    return void res.end();
  }
  const file = fs.existsSync(root) ? resolveStaticPath(root, urlPath) : null;
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    return void res.end('Not found');
  }
  res.writeHead(200, { 'Content-Type': mimeType(file), 'Cache-Control': 'no-cache' });
  if (req.method === 'HEAD') return void res.end();
  fs.createReadStream(file).pipe(res);
}
