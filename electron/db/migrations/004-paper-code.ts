import type { Migration } from '../migration';

/**
 * Paper questionnaires carry a code written on them; a second, blind typing of the same paper (double entry)
 * is a response that `verifies` the first and never counts as a response of its own.
 */
export const paperCode: Migration = {
  version: 4,
  up(db) {
    db.exec(`
      ALTER TABLE response ADD COLUMN paper_code TEXT;
      ALTER TABLE response ADD COLUMN verifies TEXT REFERENCES response (uuid);
      CREATE INDEX response_by_paper_code ON response (paper_code);
      CREATE INDEX response_by_verifies ON response (verifies);
    `);
  },
};
