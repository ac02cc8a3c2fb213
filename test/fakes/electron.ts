/**
 * A small stand-in for the 'electron' module: the Electron binary cannot run on the build machines, so
 * the shell's modules are tested against this. It records what they ask of Electron (window options,
 * handlers, registrations) and lets a test play the page's side (navigation, IPC, protocol requests).
 */
import type { BrowserWindowConstructorOptions } from 'electron';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fake takes whatever Electron would pass
type Listener = (...args: any[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const listeners = this.listeners.get(event) ?? [];
    for (const listener of listeners) listener(...args);
    return listeners.length > 0;
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An Electron-style event: `prevented` tells the test whether a handler called preventDefault(). */
export function fakeEvent<T extends object>(fields: T): T & { prevented: boolean; preventDefault(): void } {
  const event = { ...fields, prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
}

class FakeSession {
  permissionRequestHandler: Listener | null = null;
  beforeRequest: Listener | null = null;
  readonly webRequest = {
    onBeforeRequest: (filterOrListener: unknown, maybeListener?: Listener) => {
      this.beforeRequest = (maybeListener ?? filterOrListener) as Listener;
    },
  };
  setPermissionRequestHandler(handler: Listener | null): void {
    this.permissionRequestHandler = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

class FakeWebContents extends Emitter {
  windowOpenHandler: Listener | null = null;
  readonly sent: unknown[][] = [];
  readonly session = session.defaultSession;
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
  /** Delivers to the fake ipcRenderer too, as if this window's preload were listening. */
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
    ipcRenderer.emit(channel, { sender: ipcRenderer }, ...args);
  }
}

export class BrowserWindow extends Emitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    BrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

class FakeIpcMain extends Emitter {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, handler: Listener): void {
    // Electron throws on a second handler for one channel; so does the fake, to catch double registration.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new FakeIpcMain();

class FakeIpcRenderer extends Emitter {
  /** The URL of the frame the fake page runs in, as ipcMain's handlers will see it. */
  frameUrl = 'app://tiengnoi/index.html';
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    // Structured clone is what crosses the process boundary.
    return structuredClone(await handler({ senderFrame: { url: this.frameUrl } }, ...structuredClone(args)));
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (contextBridge.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    contextBridge.exposed.set(key, api);
  },
};

export const protocol = {
  privilegedSchemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
  handlers: new Map<string, (request: { url: string; method: string }) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]): void {
    protocol.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: { url: string; method: string }) => Promise<Response> | Response): void {
    protocol.handlers.set(scheme, handler);
  },
};

class FakeApp extends Emitter {
  readonly paths = new Map<string, string>();
  quitCalled = false;
  getPath(name: string): string {
    const value = this.paths.get(name);
    if (!value) throw new Error(`fake app has no path '${name}'`);
    return value;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  quit(): void {
    this.quitCalled = true;
  }
}
export const app = new FakeApp();

/** Forgets every recording, for a fresh start between tests. */
export function resetFake(): void {
  BrowserWindow.instances = [];
  ipcMain.handlers.clear();
  ipcMain.listeners.clear();
  ipcRenderer.listeners.clear();
  ipcRenderer.frameUrl = 'app://tiengnoi/index.html';
  contextBridge.exposed.clear();
  protocol.privilegedSchemes.length = 0;
  protocol.handlers.clear();
  session.defaultSession.permissionRequestHandler = null;
  session.defaultSession.beforeRequest = null;
  app.listeners.clear();
  app.paths.clear();
  app.quitCalled = false;
}

export default { app, BrowserWindow, contextBridge, ipcMain, ipcRenderer, protocol, session };
