/**
 * Children's mode survives a reload (F5, a closed-and-reopened tab): the lock is kept for the browser tab,
 * with the PIN only as a hash, so a child cannot leave by reloading and a new PIN cannot be set in its place.
 */
const KEY = 'tiengnoi.kioskLock';

export interface KioskLock {
  surveyId: string;
  pinHash: string;
}

export async function hashPin(pin: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`tiengnoi-kiosk:${pin}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function readLock(): KioskLock | null {
  try {
    const lock = JSON.parse(globalThis.sessionStorage?.getItem(KEY) ?? 'null') as KioskLock | null;
    return lock && typeof lock.surveyId === 'string' && typeof lock.pinHash === 'string' ? lock : null;
  } catch {
    return null;
  }
}

export function writeLock(lock: KioskLock): void {
  globalThis.sessionStorage?.setItem(KEY, JSON.stringify(lock));
}

export function clearLock(): void {
  globalThis.sessionStorage?.removeItem(KEY);
}
