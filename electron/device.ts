import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Actor } from './db/audit';

/**
 * Each laptop gets a device id once, kept outside project files, so responses collected on
 * several laptops can be told apart when merged.
 */
export function loadDeviceId(configDir: string): string {
  const file = path.join(configDir, 'device.json');
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { deviceId?: unknown };
    if (typeof saved.deviceId === 'string' && saved.deviceId) return saved.deviceId;
  } catch {
    // missing or unreadable: make a new one below
  }
  const deviceId = randomUUID();
  fs.mkdirSync(configDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ deviceId }, null, 2));
  return deviceId;
}

export function localActor(configDir: string): Actor {
  return { name: os.userInfo().username || 'facilitator', deviceId: loadDeviceId(configDir) };
}

/**
 * Where this laptop's settings (the device id) live, shared by the desktop app, browser mode and the CLI,
 * so one laptop is one device whichever way it was used.
 */
export function appConfigDir(): string {
  if (process.env.TIENGNOI_CONFIG_DIR) return process.env.TIENGNOI_CONFIG_DIR;
  if (process.platform === 'win32' && process.env.APPDATA) return path.join(process.env.APPDATA, 'tiengnoi');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'tiengnoi');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'tiengnoi');
}

/** The projects folder browser mode uses by default, the same place the desktop app uses (Documents). */
export function defaultProjectsDir(): string {
  return process.env.TIENGNOI_PROJECTS_DIR ?? path.join(os.homedir(), 'Documents', 'Tiếng Nói');
}
