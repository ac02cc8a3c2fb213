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

type EventListener = <E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]) => void;

/** Subscribes to pushes from the main side (Electron events, or server-sent events in browser mode). */
export function onApiEvent(listener: EventListener): () => void {
  if (window.api) return window.api.on(listener as (event: string, payload: unknown) => void);
  const source = new EventSource('/api/events');
  source.onmessage = (message) => {
    const { event, payload } = JSON.parse(message.data as string) as { event: keyof ApiEvents; payload: never };
    listener(event, payload);
  };
  return () => source.close();
}
