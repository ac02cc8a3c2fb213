import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PreloadBridge } from '../../core/api/bridge';
import { CONTENT_SECURITY_POLICY } from '../../electron/server/static-files';
import { Session } from '../../electron/api/session';
import { createMainWindow, mainWindowOptions } from '../../electron/window';
import { registerIpc } from '../../electron/ipc';
import { blockRemoteRequests, registerAppProtocol, registerAppScheme } from '../../electron/protocol';
import * as electron from '../fakes/electron';

vi.mock('electron', () => import('../fakes/electron'));

const { BrowserWindow, contextBridge, fakeEvent, ipcMain, ipcRenderer, protocol, resetFake, session } = electron;

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-shell-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('main window', () => {
  beforeEach(() => resetFake());
  const open = () => {
    createMainWindow({ preloadPath: '/app/out/preload/preload.cjs', title: 'Tiếng Nói' });
    return BrowserWindow.instances.at(-1)!;
  };

  it('is isolated, sandboxed and without Node', () => {
    const prefs = open().options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    });
    expect(prefs?.preload).toMatch(/preload\.cjs$/);
    expect(mainWindowOptions({ preloadPath: 'p', title: 't' }).title).toBe('t');
  });

  it('loads the app over app://tiengnoi/', () => {
    expect(open().loadedUrl).toBe('app://tiengnoi/index.html');
  });

  it('denies every new window', () => {
    const handler = open().webContents.windowOpenHandler!;
    expect(handler({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://tiengnoi/other.html' })).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-redirect'])('%s keeps the page inside app://tiengnoi/', (name) => {
    const contents = open().webContents;
    for (const [url, allowed] of [
      ['https://example.com', false],
      ['file:///etc/passwd', false],
      ['app://tiengnoi.evil/index.html', false],
      ['app://other/index.html', false],
      ['app://tiengnoi/x', true],
    ] as const) {
      const event = fakeEvent({ url });
      contents.emit(name, event, url);
      expect(event.prevented, url).toBe(!allowed);
    }
  });

  it('refuses webviews and every permission', () => {
    const contents = open().webContents;
    const attach = fakeEvent({});
    contents.emit('will-attach-webview', attach, {}, { src: 'https://example.com' });
    expect(attach.prevented).toBe(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      session.defaultSession.permissionRequestHandler!(contents, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
  });
});

describe('IPC', () => {
  let appSession: Session;
  let dispose: () => void;
  beforeEach(() => {
    resetFake();
    appSession = new Session({ projectsDir: path.join(tmp, 'projects'), actor: { name: 'test', deviceId: 'd' } });
    dispose = registerIpc(appSession);
  });
  afterEach(() => {
    dispose();
    appSession.dispose();
  });
  const call = (url: string | null, ...args: unknown[]) =>
    ipcMain.handlers.get('tiengnoi:invoke')!({ senderFrame: url === null ? null : { url } }, ...args);

  it('registers exactly one channel', () => {
    expect([...ipcMain.handlers.keys()]).toEqual(['tiengnoi:invoke']);
  });

  it('dispatches a real call', async () => {
    const result = await call('app://tiengnoi/index.html', 'project/folder', {}, 'en');
    expect(result).toEqual({ ok: true, value: { folder: path.join(tmp, 'projects') } });
  });

  it('answers an unknown method with a structured error', async () => {
    const result = await call('app://tiengnoi/index.html', 'fs/readFile', { path: '/etc/passwd' }, 'en');
    expect(result).toMatchObject({ ok: false, error: { code: 'unknownMethod' } });
  });

  it('refuses calls from a frame that is not ours', async () => {
    for (const url of ['https://example.com/', 'app://tiengnoi.evil/index.html', 'file:///tmp/x.html', '', null]) {
      const result = await call(url, 'project/folder', {}, 'en');
      expect(result, String(url)).toMatchObject({ ok: false, error: { code: 'badInput' } });
    }
  });

  it('falls back to Vietnamese for an unknown language', async () => {
    const vi_ = await call('app://tiengnoi/', 'nope', {}, 'vi');
    const xx = await call('app://tiengnoi/', 'nope', {}, 'xx');
    expect(xx).toEqual(vi_);
  });

  it('forwards session events to every window', () => {
    const a = new BrowserWindow({});
    const b = new BrowserWindow({});
    appSession.emit('project/changed', { path: null });
    for (const win of [a, b]) expect(win.webContents.sent).toEqual([['tiengnoi:event', 'project/changed', { path: null }]]);
  });

  it('takes itself down', () => {
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    const win = new BrowserWindow({});
    appSession.emit('project/changed', { path: null });
    expect(win.webContents.sent).toEqual([]);
    dispose = () => {};
  });
});

describe('preload', () => {
  let bridge: PreloadBridge;
  let appSession: Session;
  beforeAll(async () => {
    resetFake();
    await import('../../electron/preload');
    bridge = contextBridge.exposed.get('api') as PreloadBridge;
  });
  beforeEach(() => {
    ipcMain.handlers.clear();
    appSession = new Session({ projectsDir: path.join(tmp, 'projects'), actor: { name: 'test', deviceId: 'd' } });
    registerIpc(appSession);
  });
  afterEach(() => appSession.dispose());

  it('exposes exactly invoke and on, under window.api only', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['api']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
  });

  it('reaches the dispatcher through the one channel', async () => {
    await expect(bridge.invoke('project/folder', {}, 'vi')).resolves.toEqual({
      ok: true,
      value: { folder: path.join(tmp, 'projects') },
    });
  });

  it('is refused once the page has left app://tiengnoi/', async () => {
    ipcRenderer.frameUrl = 'https://example.com/';
    await expect(bridge.invoke('project/folder', {}, 'en')).resolves.toMatchObject({ ok: false, error: { code: 'badInput' } });
    ipcRenderer.frameUrl = 'app://tiengnoi/index.html';
  });

  it('delivers events without the IPC event object, and unsubscribes', () => {
    const seen: unknown[][] = [];
    const off = bridge.on((...args) => seen.push(args));
    const win = new BrowserWindow({});
    appSession.emit('responses/changed', { surveyId: 's1' });
    off();
    appSession.emit('responses/changed', { surveyId: 's2' });
    expect(seen).toEqual([['responses/changed', { surveyId: 's1' }]]);
    expect(win.webContents.sent).toHaveLength(2);
  });
});

describe('app:// protocol', () => {
  let root: string;
  let serve: (url: string, method?: string) => Promise<Response>;
  beforeEach(() => {
    resetFake();
    root = path.join(tmp, 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>TN</title>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside the renderer');
    registerAppProtocol(protocol as never, root);
    serve = async (url, method = 'GET') => await protocol.handlers.get('app')!({ url, method });
  });

  it('registers the scheme as standard, secure and fetchable', () => {
    registerAppScheme(protocol);
    expect(protocol.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves index.html with the CSP and nosniff', async () => {
    const response = await serve('app://tiengnoi/index.html');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>TN</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets with their type', async () => {
    const response = await serve('app://tiengnoi/assets/app.js?v=1');
    expect(await response.text()).toBe('console.log(1)');
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it.each([
    'app://tiengnoi/../../etc/passwd',
    'app://tiengnoi/../secret.txt',
    'app://tiengnoi/%2e%2e/%2e%2e/etc/passwd',
    'app://tiengnoi/%2E%2E/secret.txt',
    'app://tiengnoi/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://tiengnoi/assets/..%2f..%2fsecret.txt',
    'app://tiengnoi/assets/..%5c..%5csecret.txt',
    'app://tiengnoi/%00index.html',
    'app://tiengnoi/%E0%A4%A',
    'app://other/index.html',
    'app://tiengnoi.evil/index.html',
    'app://tiengnoi/assets/missing.js',
  ])('answers 404 to %s, with the CSP still on', async (url) => {
    const response = await serve(url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('never returns a file from outside the renderer folder', async () => {
    const response = await serve('app://tiengnoi/secret.txt');
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await serve('app://tiengnoi/index.html', 'POST')).status).toBe(405);
    const head = await serve('app://tiengnoi/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('cancels every request that is not app:// or devtools://', () => {
    blockRemoteRequests(session.defaultSession as never);
    const filter = session.defaultSession.beforeRequest!;
    const decide = (url: string) => {
      const callback = vi.fn();
      filter({ url }, callback);
      return callback.mock.calls[0]![0] as { cancel: boolean };
    };
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/api', 'file:///etc/passwd', 'ws://10.0.0.1/', 'ftp://x/']) {
      expect(decide(url), url).toEqual({ cancel: true });
    }
    for (const url of ['app://tiengnoi/index.html', 'devtools://devtools/bundled/inspector.html']) {
      expect(decide(url), url).toEqual({ cancel: false });
    }
  });
});
