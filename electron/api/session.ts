import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/errors';
import type { ApiEventName, ApiEvents } from '../../core/api';
import type { ProjectInfo } from '../../core/api/project';
import { fold } from '../../core/text/vietnamese';
import { openProjectDb, type Db, type OpenOptions } from '../db/open';
import { needsUpgrade, upgradeInThread } from '../io/upgrade-thread';
import { projectCounts } from '../db/project-store';
import type { Actor } from '../db/audit';
import { PartUploads } from './uploads';
import { PartDownloads } from './downloads';

export const PROJECT_EXTENSION = '.tiengnoi';

export type EventListener = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

export interface SessionOptions {
  /** Where projects are created and listed. The API never reaches files outside it. */
  projectsDir: string;
  actor: Actor;
}

/** What one running app holds: the projects folder, the open project, and who is working. */
export class Session {
  readonly projectsDir: string;
  readonly actor: Actor;
  private current: { path: string; db: Db } | null = null;
  private readonly listeners = new Set<EventListener>();
  /** Project files being upgraded on a thread, by path. */
  private readonly upgrades = new Map<string, Promise<boolean>>();
  /** Large files the app is sending in parts (an import of a national export). */
  readonly uploads = new PartUploads();
  /** Exported files the app is fetching in parts. */
  readonly downloads = new PartDownloads();

  constructor(options: SessionOptions) {
    this.projectsDir = path.resolve(options.projectsDir);
    this.actor = options.actor;
    fs.mkdirSync(this.projectsDir, { recursive: true });
  }

  get db(): Db {
    if (!this.current) throw new AppError('project.notOpen');
    return this.current.db;
  }

  get openPath(): string | null {
    return this.current?.path ?? null;
  }

  /** Resolves a bare file name inside the projects folder; anything with a path in it is refused. */
  resolveFile(file: string): string {
    const base = path.basename(file);
    if (base !== file || !base.endsWith(PROJECT_EXTENSION) || base.startsWith('.')) {
      throw new AppError('project.notFound', { file });
    }
    return path.join(this.projectsDir, base);
  }

  /** A new, unused file name made from the project title ("Diễn đàn Lào Cai" → dien-dan-lao-cai.tiengnoi). */
  fileNameFor(title: string): string {
    const slug = fold(title).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
    if (!slug) throw new AppError('project.badName');
    for (let n = 1; ; n++) {
      const name = `${slug}${n === 1 ? '' : `-${n}`}${PROJECT_EXTENSION}`;
      if (!fs.existsSync(path.join(this.projectsDir, name))) return name;
    }
  }

  open(filePath: string, options: Pick<OpenOptions, 'create' | 'onUpgrade'> = {}): Db {
    const db = openProjectDb(filePath, options);
    this.closeProject();
    this.current = { path: filePath, db };
    this.emit('project/changed', { path: filePath });
    return db;
  }

  /**
   * Opens a project file, an older one brought up to date first on a thread of its own, saying how far it got
   * (0 to 1). Opening the same file again meanwhile waits for that upgrade rather than start another.
   */
  async openUpgrading(filePath: string, onUpgrade: (fraction: number) => void): Promise<Db> {
    let upgrade = this.upgrades.get(filePath);
    if (!upgrade && needsUpgrade(filePath)) {
      upgrade = upgradeInThread(filePath, onUpgrade).finally(() => this.upgrades.delete(filePath));
      this.upgrades.set(filePath, upgrade);
    }
    await upgrade;
    return this.open(filePath, { onUpgrade });
  }

  closeProject(): void {
    if (!this.current) return;
    this.current.db.close();
    this.current = null;
  }

  info(): ProjectInfo | null {
    if (!this.current) return null;
    return { file: path.basename(this.current.path), path: this.current.path, ...projectCounts(this.current.db) };
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  dispose(): void {
    this.closeProject();
    this.uploads.dispose();
    this.downloads.dispose();
    this.listeners.clear();
  }
}
