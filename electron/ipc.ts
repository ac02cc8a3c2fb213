import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { BRIDGE_CHANNELS } from '../core/api/bridge';
import type { ApiResult } from '../core/api';
import { AppError } from '../core/errors';
import { DEFAULT_LANG, isLang } from '../core/i18n/messages';
import { dispatch } from './api/dispatch';
import { toErrorValue } from './api/error-value';
import type { Session } from './api/session';
import { isAppUrl } from './protocol';

/**
 * The whole IPC surface: one channel in (every API method goes through dispatch, which validates input)
 * and one channel out (events to every window). Returns the function that takes both down again.
 */
export function registerIpc(session: Session): () => void {
  ipcMain.handle(BRIDGE_CHANNELS.invoke, (event, name: unknown, input: unknown, lang: unknown) =>
    invoke(session, event, name, input, lang),
  );
  const unsubscribe = session.subscribe((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(BRIDGE_CHANNELS.event, name, payload);
    }
  });
  return () => {
    ipcMain.removeHandler(BRIDGE_CHANNELS.invoke);
    unsubscribe();
  };
}

export async function invoke(
  session: Session,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  name: unknown,
  input: unknown,
  lang: unknown,
): Promise<ApiResult<unknown>> {
  const ctxLang = isLang(lang) ? lang : DEFAULT_LANG;
  // Only our own page may call: a frame that navigated elsewhere (or is already gone) gets nothing.
  const frameUrl = event.senderFrame?.url ?? '';
  if (!isAppUrl(frameUrl)) return { ok: false, error: toErrorValue(new AppError('badInput'), ctxLang) };
  return dispatch(typeof name === 'string' ? name : String(name), input, { session, lang: ctxLang });
}
