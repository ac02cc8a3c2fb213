import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../core/errors';
import { migrations, LATEST_SCHEMA_VERSION } from './migrations';
import type { Migration } from './migration';
import { writeTransaction } from './transaction';

export type Db = Database.Database;

/** Marks a SQLite file as a Tiếng Nói project ("TgNo"), so other SQLite files are told apart. */
export const APPLICATION_ID = 0x54674e6f;
const SQLITE_MAGIC = 'SQLite format 3\0';

let nativeBinding: string | undefined;

/** Electron's main process points this at the better-sqlite3 build for Electron's ABI. */
export function useNativeBinding(bindingPath: string | undefined): void {
  nativeBinding = bindingPath;
}

/** The better-sqlite3 build in use (a thread opening the file must load the same one). */
export function nativeBindingInUse(): string | undefined {
  return nativeBinding;
}

export interface OpenOptions {
  /** Create the file when missing (and migrate it from empty). */
  create?: boolean;
  readonly?: boolean;
  /** How far bringing an older file up to date has got, from 0 to 1 (called only when it is older). */
  onUpgrade?: (fraction: number) => void;
  /**
   * Called when the migrations are done and the file is about to be written again compactly (VACUUM), with about
   * how many bytes it will hold: VACUUM says nothing as it goes, but it writes them into the `-wal` file first,
   * which another thread can watch grow (upgrade-thread.ts).
   */
  onCompacting?: (bytes: number) => void;
}

/**
 * The share of an upgrade's progress bar given to the migrations; the rest is the compaction after them (at a
 * million responses from version 9: 60 s of migrations, then 28 s of compaction).
 */
export const MIGRATING_SHARE = 0.7;

/**
 * Opens a project file: refuses what is not ours or is newer than this app, then brings an older file
 * up to date with the missing migrations in one transaction.
 */
export function openProjectDb(filePath: string, options: OpenOptions = {}): Db {
  const file = path.basename(filePath);
  const exists = fs.existsSync(filePath);
  if (!exists && !options.create) throw new AppError('project.notFound', { file });
  if (exists && options.create) throw new AppError('project.exists', { file });
  if (exists) assertSqliteHeader(filePath, file);

  let db: Db;
  try {
    db = new Database(filePath, { readonly: Boolean(options.readonly), nativeBinding });
  } catch (error) {
    throw mapOpenError(error, file);
  }
  try {
    const { version, applicationId, tableCount } = readHeader(db, file);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new AppError('project.tooNew', { file, fileVersion: version, appVersion: LATEST_SCHEMA_VERSION });
    }
    const isEmpty = version === 0 && applicationId === 0 && tableCount === 0;
    if (!isEmpty && applicationId !== APPLICATION_ID) throw new AppError('project.notTiengNoi', { file });
    // Before migrating: another process opening the same file waits its turn instead of failing at once. Long
    // enough for a batch of a large import's writing thread (a few seconds on a slow laptop): a facilitator's save
    // waits for it rather than fail (see transaction.ts).
    db.pragma('busy_timeout = 15000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // FULL: a committed answer survives a power cut, not only a crash of the app.
      db.pragma('synchronous = FULL');
      const upgrade = !isEmpty && version < LATEST_SCHEMA_VERSION ? options.onUpgrade : undefined;
      migrate(db, version, LATEST_SCHEMA_VERSION, migrations, upgrade && ((fraction) => upgrade(fraction * MIGRATING_SHARE)));
      if (!isEmpty && version < LATEST_SCHEMA_VERSION) shrinkAfterRebuild(db, options.onCompacting);
      upgrade?.(1);
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw mapOpenError(error, file);
  }
}

function assertSqliteHeader(filePath: string, file: string): void {
  const size = fs.statSync(filePath).size;
  if (size === 0) return; // an empty file is a valid, empty SQLite database
  const header = Buffer.alloc(16);
  const fd = fs.openSync(filePath, 'r');
  try {
    fs.readSync(fd, header, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (size < 100 || header.toString('latin1') !== SQLITE_MAGIC) throw new AppError('project.notSqlite', { file });
}

function readHeader(db: Db, file: string) {
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      applicationId: db.pragma('application_id', { simple: true }) as number,
      tableCount: (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n,
    };
  } catch (error) {
    throw mapOpenError(error, file);
  }
}

/**
 * Runs the missing migrations in one transaction: a failure leaves the file exactly as it was.
 * `toVersion` and `steps` exist for tests; the app always runs all migrations up to the latest.
 * `progress`: how far they have got, from 0 to 1, each migration an equal share.
 */
export function migrate(
  db: Db,
  fromVersion: number,
  toVersion = LATEST_SCHEMA_VERSION,
  steps: readonly Migration[] = migrations,
  progress: (fraction: number) => void = () => {},
): void {
  const pending = steps.filter((m) => m.version > fromVersion && m.version <= toVersion);
  if (pending.length === 0) return;
  // Foreign keys are off while tables are rebuilt (SQLite's own advice for ALTER TABLE: a table dropped and made
  // again under its name would otherwise have its rows' references checked against nothing); this must be set
  // outside the transaction. The copies are made with joins, so no reference is lost.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    writeTransaction(db, () => {
      pending.forEach((migration, i) => {
        migration.up(db, (fraction) => progress((i + fraction) / pending.length));
        progress((i + 1) / pending.length);
      });
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${pending.at(-1)!.version}`);
    })();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys}`);
  }
}

/**
 * A migration that rebuilds a table (009 rebuilt the answers) leaves the old pages free inside the file: a project
 * of 100 000 responses stayed at 680 MB where 190 MB hold everything. When more than half the file is free, it is
 * written again compactly, once; people carry these files on USB sticks and send them by email.
 */
function shrinkAfterRebuild(db: Db, onCompacting?: (bytes: number) => void): void {
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  if (free * 2 <= pages) return;
  // The migrations' own writes went through the -wal file, which stays as large as they were: emptied first, it
  // holds the compacted file alone (and the disk never holds both at once).
  db.pragma('wal_checkpoint(TRUNCATE)');
  onCompacting?.((pages - free) * (db.pragma('page_size', { simple: true }) as number));
  db.exec('VACUUM');
}

export function mapOpenError(error: unknown, file: string): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB') return new AppError('project.notSqlite', { file });
  if (code.startsWith('SQLITE_CORRUPT')) return new AppError('project.corrupt', { file });
  return error;
}
