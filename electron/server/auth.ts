import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'tiengnoi_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function requestToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return null;
}

export function hasValidToken(req: IncomingMessage, token: string): boolean {
  const given = requestToken(req);
  return given !== null && sameSecret(given, token);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The Host values this server answers to: its own address (and loopback aliases), never a rebound DNS name. */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = LOOPBACK.has(host) ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
  return new Set(names.map((name) => `${name}:${port}`));
}

/** Host must be ours; Origin, when a browser sends one, must be ours too (DNS rebinding and cross-site calls). */
export function isSameOrigin(req: IncomingMessage, hosts: Set<string>): boolean {
  const host = req.headers.host ?? '';
  if (!hosts.has(host.toLowerCase())) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return [...hosts].some((allowed) => origin.toLowerCase() === `http://${allowed}`);
}
