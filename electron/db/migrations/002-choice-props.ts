import type { Migration } from '../migration';

/** Choices gain properties beyond name and label: an image, and the columns choice filters match on. */
export const choiceProps: Migration = {
  version: 2,
  up(db) {
    db.exec(`ALTER TABLE choice ADD COLUMN props TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(props))`);
  },
};
