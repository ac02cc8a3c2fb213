import type { Migration } from '../migration';

/**
 * Coding of open answers (the children's own words): a codebook of themes, the themes given to each answer, and
 * starred quotes.
 *
 * - `coding_theme`: a theme of one survey, either for one open question (`question_name`) or shared by all the
 *   survey's open questions (`question_name` NULL). Nested with `parent_id` (a theme and its parent belong to the
 *   same codebook), bilingual `label` ({"vi", "en"}), `position` among its siblings, soft-deleted with
 *   `deleted_at`. The id is a UUID so that codebooks can later be merged between files.
 * - `coding_assignment`: answer (response uuid × answer key) × theme, many themes per answer, with who and when.
 * - `coding_quote`: a starred answer, with the attributes (question names) the analyst chose to show beside it
 *   and an optional shortened excerpt. Unstarring removes the row.
 */
export const coding: Migration = {
  version: 6,
  up(db) {
    db.exec(`
      CREATE TABLE coding_theme (
        id TEXT PRIMARY KEY,
        form_id TEXT NOT NULL REFERENCES form (id),
        -- NULL: shared by every open question of the survey
        question_name TEXT,
        parent_id TEXT REFERENCES coding_theme (id),
        label TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(label)),
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        deleted_at TEXT,
        CHECK (parent_id IS NULL OR parent_id <> id)
      ) STRICT;
      CREATE INDEX coding_theme_by_form ON coding_theme (form_id, question_name);
      CREATE INDEX coding_theme_by_parent ON coding_theme (parent_id);

      CREATE TABLE coding_assignment (
        response_uuid TEXT NOT NULL REFERENCES response (uuid),
        answer_key TEXT NOT NULL,
        theme_id TEXT NOT NULL REFERENCES coding_theme (id),
        assigned_by TEXT NOT NULL,
        device_id TEXT NOT NULL,
        assigned_at TEXT NOT NULL,
        PRIMARY KEY (response_uuid, answer_key, theme_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX coding_assignment_by_theme ON coding_assignment (theme_id);

      CREATE TABLE coding_quote (
        response_uuid TEXT NOT NULL REFERENCES response (uuid),
        answer_key TEXT NOT NULL,
        -- question names whose answers are shown beside the quote, in order: ["sex", "age", "province"]
        attributes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attributes) AND json_type(attributes) = 'array'),
        -- a shortened or cleaned excerpt of the answer, NULL to quote the answer as given
        excerpt TEXT,
        starred_by TEXT NOT NULL,
        device_id TEXT NOT NULL,
        starred_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (response_uuid, answer_key)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
