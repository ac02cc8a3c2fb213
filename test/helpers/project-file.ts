import { openProjectDb, type Db } from '../../electron/db/open';

/** Opens a project file, does some work on it and closes it, whatever happens. */
export function withProjectFile<T>(file: string, work: (db: Db) => T): T {
  const db = openProjectDb(file);
  try {
    return work(db);
  } finally {
    db.close();
  }
}
