import type { ApiResult } from './contract';

/**
 * What the Electron preload exposes to the page as `window.api`: one call path and one event stream, so the
 * page holds no handle on IPC itself. Browser mode has no such object and talks HTTP instead.
 */
export interface PreloadBridge {
  invoke(name: string, input: unknown, lang: string): Promise<ApiResult<unknown>>;
  /** Returns the function that stops listening. */
  on(listener: (event: string, payload: unknown) => void): () => void;
}

/** Shared by the preload and the main side so the two ends cannot drift apart. */
export const BRIDGE_CHANNELS = {
  invoke: 'tiengnoi:invoke',
  event: 'tiengnoi:event',
} as const;
