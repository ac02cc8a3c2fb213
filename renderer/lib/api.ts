import type { ApiEvents, ApiResult, Input, Output, ApiName } from '../../core/api';
import type { PreloadBridge } from '../../core/api/bridge';
import { locale } from './i18n.svelte';

declare global {
  interface Window {
    /** Present in the Electron window (preload); absent in browser mode. */
    api?: PreloadBridge;
  }
}

/** Calls the main side by name, typed from the one API declaration: IPC in Electron, HTTP in browser mode. */
export async function send<K extends ApiName>(name: K, input: Input<K>): Promise<ApiResult<Output<K>>> {
  if (window.api) return (await window.api.invoke(name, input, locale.lang)) as ApiResult<Output<K>>;
  const response = await fetch(`/api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Tiengnoi-Lang': locale.lang },
    body: JSON.stringify(input),
    credentials: 'same-origin',
  });
  if (response.status === 401 || response.status === 403) {
    return { ok: false, error: { code: 'badInput', params: {}, message: `HTTP ${response.status}` } };
  }
  return (await response.json()) as ApiResult<Output<K>>;
}

/** One push from the main side; `event` tells the payload's type. */
export type ApiEventMessage = { [E in keyof ApiEvents]: { event: E; payload: ApiEvents[E] } }[keyof ApiEvents];

/** Subscribes to pushes from the main side (Electron events, or server-sent events in browser mode). */
export function onApiEvent(listener: (message: ApiEventMessage) => void): () => void {
  if (window.api) return window.api.on((event, payload) => listener({ event, payload } as ApiEventMessage));
  const source = new EventSource('/api/events');
  source.onmessage = (message) => listener(JSON.parse(message.data as string) as ApiEventMessage);
  return () => source.close();
}
