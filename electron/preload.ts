import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_CHANNELS, type PreloadBridge } from '../core/api/bridge';

/**
 * Runs sandboxed, bundled to CommonJS. The page gets two functions and nothing else: never ipcRenderer
 * itself, and listeners never see the IPC event (its `sender` would hand the page ipcRenderer back).
 */
const bridge: PreloadBridge = {
  invoke: (name, input, lang) => ipcRenderer.invoke(BRIDGE_CHANNELS.invoke, name, input, lang),
  on: (listener) => {
    const forward = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(BRIDGE_CHANNELS.event, forward);
    return () => {
      ipcRenderer.removeListener(BRIDGE_CHANNELS.event, forward);
    };
  },
};

contextBridge.exposeInMainWorld('api', bridge);
