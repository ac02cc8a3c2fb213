import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { APP_INDEX_URL, isAppUrl } from './protocol';

export interface MainWindowOptions {
  /** Absolute path of the built preload (out/preload/preload.cjs). */
  preloadPath: string;
  /** Already translated: this module hard-codes no user-visible text. */
  title: string;
}

/** Electron's security checklist, spelled out even where it repeats a default, so a test can hold it. */
export function mainWindowOptions({ preloadPath, title }: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    title,
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 600,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      // Chromium's spellchecker fetches dictionaries from the network, and children's words are not its business.
      spellcheck: false,
    },
  };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(options));
  hardenWebContents(win.webContents);
  void win.loadURL(APP_INDEX_URL);
  return win;
}

/** The page may only ever show our own files: no pop-ups, no navigation away, no webviews, no permissions. */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const keepInApp = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', keepInApp);
  contents.on('will-redirect', keepInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
