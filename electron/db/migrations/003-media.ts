import type { Migration } from '../migration';

/** Pictures on questions and choices (children read pictures before words), kept inside the project file. */
export const media: Migration = {
  version: 3,
  up(db) {
    db.exec(`
      CREATE TABLE media (
        name TEXT PRIMARY KEY,
        mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
        data BLOB NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
