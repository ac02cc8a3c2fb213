import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, protocol, session as electronSession } from 'electron';
import { DEFAULT_LANG, translate } from '../core/i18n/messages';
import { Session } from './api/session';
import { useNativeBinding } from './db/open';
import { appConfigDir, localActor } from './device';
import { registerIpc } from './ipc';
import { electronBindingPath } from './native/binding';
import { APP_ROOT, RENDERER_DIR } from './paths';
import { blockRemoteRequests, registerAppProtocol, registerAppScheme } from './protocol';
import { createMainWindow } from './window';

/** A place on disk, not a label: it must not move when the display name is translated. */
const PROJECTS_FOLDER = 'Tiếng Nói';
const PRELOAD_PATH = path.join(APP_ROOT, 'out', 'preload', 'preload.cjs');

/** The wiring only; every piece lives in a module the unit tests load against a fake 'electron'. */
function start(): void {
  // Two instances would open the same project file twice; the second hands over to the first.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme(protocol);

  let mainWindow: BrowserWindow | null = null;
  const openWindow = () => {
    mainWindow = createMainWindow({ preloadPath: PRELOAD_PATH, title: translate(DEFAULT_LANG, 'app.name') });
    mainWindow.on('closed', () => (mainWindow = null));
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(() => {
    const binding = electronBindingPath(APP_ROOT, process.versions.electron ?? '');
    // Without it better-sqlite3 would load node_modules' build, made for Node's ABI; npm start builds it.
    useNativeBinding(fs.existsSync(binding) ? binding : undefined);

    const session = new Session({
      projectsDir: path.join(app.getPath('documents'), PROJECTS_FOLDER),
      actor: localActor(appConfigDir()),
    });
    const disposeIpc = registerIpc(session);
    registerAppProtocol(protocol, RENDERER_DIR);
    blockRemoteRequests(electronSession.defaultSession);
    openWindow();

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
    app.on('will-quit', () => {
      disposeIpc();
      session.dispose();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

start();
