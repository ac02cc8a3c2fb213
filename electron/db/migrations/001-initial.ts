import type { Migration } from '../migration';

/**
 * The first schema. Labels are JSON objects keyed by language ({"vi": "...", "en": "..."}), text is NFC.
 * Answers are keyed by question name (stable across survey versions), one row per response × question.
 */
export const initial: Migration = {
  version: 1,
  up(db) {
    db.exec(`
      CREATE TABLE project (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        uuid TEXT NOT NULL,
        title TEXT NOT NULL,
        default_language TEXT NOT NULL DEFAULT 'vi' CHECK (default_language IN ('vi', 'en')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE form (
        id TEXT PRIMARY KEY,
        form_key TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT;

      CREATE TABLE form_version (
        id INTEGER PRIMARY KEY,
        form_id TEXT NOT NULL REFERENCES form (id),
        version INTEGER NOT NULL CHECK (version >= 1),
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
        title TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(title)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        published_at TEXT,
        UNIQUE (form_id, version)
      ) STRICT;

      CREATE TABLE question (
        id INTEGER PRIMARY KEY,
        form_version_id INTEGER NOT NULL REFERENCES form_version (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(label)),
        hint TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(hint)),
        required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
        list_name TEXT,
        -- properties later versions add (relevance, constraint, flags…) without a migration each
        props TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(props)),
        UNIQUE (form_version_id, name)
      ) STRICT;

      CREATE TABLE choice (
        id INTEGER PRIMARY KEY,
        form_version_id INTEGER NOT NULL REFERENCES form_version (id) ON DELETE CASCADE,
        list_name TEXT NOT NULL,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(label)),
        UNIQUE (form_version_id, list_name, name)
      ) STRICT;

      CREATE TABLE response (
        uuid TEXT PRIMARY KEY,
        form_version_id INTEGER NOT NULL REFERENCES form_version (id),
        number INTEGER NOT NULL,
        device_id TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'complete')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        completed_at TEXT,
        deleted_at TEXT,
        delete_reason TEXT
      ) STRICT;
      CREATE INDEX response_by_form_version ON response (form_version_id, status);

      CREATE TABLE answer (
        response_uuid TEXT NOT NULL REFERENCES response (uuid),
        question_name TEXT NOT NULL,
        value TEXT,
        -- 'refused' = the child chose not to answer, distinct from a question never reached (no row)
        state TEXT NOT NULL DEFAULT 'answered' CHECK (state IN ('answered', 'refused')),
        answered_at TEXT NOT NULL,
        PRIMARY KEY (response_uuid, question_name)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        device_id TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
      ) STRICT;
      CREATE INDEX audit_by_entity ON audit_log (entity, entity_id);
    `);
  },
};
