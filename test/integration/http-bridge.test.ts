import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpBridge, type RunningBridge } from '../../electron/server/http-bridge';
import { newSession } from '../helpers/session';
import { tempDir } from '../helpers/temp';
import type { Session } from '../../electron/api/session';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw requests, so Host, Origin and unnormalised paths go out exactly as written. */
function request(bridge: RunningBridge, options: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: bridge.port, method: options.method ?? 'GET', path: options.path, headers: { Host: `127.0.0.1:${bridge.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

let running: { bridge: RunningBridge; session: Session } | null = null;
let secretName = '';

async function start(): Promise<RunningBridge> {
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Tiếng Nói</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  // A secret next to the build folder, which no URL may reach.
  secretName = `${path.basename(rendererDir)}-secret.txt`;
  fs.writeFileSync(path.join(path.dirname(rendererDir), secretName), 'SECRET');
  const session = newSession();
  const bridge = await startHttpBridge({ session, rendererDir, token: 'test-token-123' });
  running = { bridge, session };
  return bridge;
}

afterEach(async () => {
  if (!running) return;
  await running.bridge.close();
  running.session.dispose();
  running = null;
});

const auth = { Authorization: 'Bearer test-token-123' };

describe('HTTP bridge (browser mode)', () => {
  it('answers health with the token and 401 without', async () => {
    const bridge = await start();
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const ok = await request(bridge, { path: '/api/health', headers: auth });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true });
    expect((await request(bridge, { path: '/api/health' })).status).toBe(401);
    expect((await request(bridge, { path: '/api/health', headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('trades the token in the printed URL for an HttpOnly cookie that then authorises the API', async () => {
    const bridge = await start();
    const first = await request(bridge, { path: new URL(bridge.openUrl).pathname + new URL(bridge.openUrl).search });
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = first.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const withCookie = await request(bridge, { path: '/api/health', headers: { Cookie: cookie.split(';')[0]! } });
    expect(withCookie.status).toBe(200);
    expect((await request(bridge, { path: '/?token=guess' })).status).toBe(401);
  });

  it('refuses a foreign Host or Origin with 403 (DNS rebinding, cross-site calls)', async () => {
    const bridge = await start();
    expect((await request(bridge, { path: '/api/health', headers: { ...auth, Host: 'evil.example:80' } })).status).toBe(403);
    expect((await request(bridge, { path: '/api/health', headers: { ...auth, Host: `attacker.test:${bridge.port}` } })).status).toBe(403);
    expect((await request(bridge, { path: '/api/health', headers: { ...auth, Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await request(bridge, { path: '/api/health', headers: { ...auth, Origin: `http://127.0.0.1:${bridge.port}` } })).status).toBe(200);
    expect((await request(bridge, { path: '/api/health', headers: { ...auth, Host: `localhost:${bridge.port}` } })).status).toBe(200);
    expect((await request(bridge, { path: '/', headers: { Host: 'evil.example' } })).status).toBe(403);
  });

  it('serves the build folder and nothing outside it', async () => {
    const bridge = await start();
    const index = await request(bridge, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.body).toContain('Tiếng Nói');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await request(bridge, { path: '/assets/app.js' })).headers['content-type']).toMatch(/javascript/);
    for (const attempt of [
      `/../${secretName}`,
      `/%2e%2e/${secretName}`,
      `/assets/%2e%2e%2f%2e%2e%2f${secretName}`,
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e%5c%2e%2e%5cetc%5cpasswd',
      '/assets/..%2f..%2f..%2f..%2fetc/passwd',
      '/%00/etc/passwd',
      '/%E0%A4%A',
    ]) {
      const reply = await request(bridge, { path: attempt });
      expect(reply.body, attempt).not.toContain('root:');
      expect(reply.body, attempt).not.toContain('SECRET');
      expect([200, 400, 404], attempt).toContain(reply.status);
    }
    expect((await request(bridge, { path: '/assets/missing.js' })).status).toBe(404);
  });

  it('serves the API: structured results, structured errors, bad JSON', async () => {
    const bridge = await start();
    const created = await request(bridge, {
      path: '/api/project/create',
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', 'X-Tiengnoi-Lang': 'vi' },
      body: JSON.stringify({ title: 'Hội thảo Hà Giang' }),
    });
    expect(created.status).toBe(200);
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { title: 'Hội thảo Hà Giang', file: 'hoi-thao-ha-giang.tiengnoi' } });

    const invalid = await request(bridge, { path: '/api/project/create', method: 'POST', headers: { ...auth, 'X-Tiengnoi-Lang': 'en' }, body: '{"title":""}' });
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'badInput', message: 'The request was not valid.' } });

    const broken = await request(bridge, { path: '/api/project/create', method: 'POST', headers: auth, body: '{not json' });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'badInput' } });

    expect((await request(bridge, { path: '/api/project/list', headers: auth })).status).toBe(405);
  });
});
