import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors';
import type { Choice, Labels, Question, Survey, SurveyContent, SurveySummary, VersionStatus } from '../../core/survey/model';
import { nameFromLabel } from '../../core/survey/names';
import type { Db } from './open';
import { now } from './clock';
import { audit, type Actor } from './audit';
import { writeTransaction } from './transaction';

interface VersionRow {
  versionId: number;
  formId: string;
  formKey: string;
  version: number;
  status: VersionStatus;
  title: string;
  updatedAt: string;
}

const latestVersionSql = `
  SELECT v.id AS versionId, f.id AS formId, f.form_key AS formKey, v.version, v.status, v.title, v.updated_at AS updatedAt
  FROM form f JOIN form_version v ON v.form_id = f.id
  WHERE f.id = ? AND f.deleted_at IS NULL
  ORDER BY v.version DESC LIMIT 1`;

export function latestVersion(db: Db, surveyId: string): VersionRow {
  const row = db.prepare(latestVersionSql).get(surveyId) as VersionRow | undefined;
  if (!row) throw new AppError('survey.notFound');
  return row;
}

export function createSurvey(db: Db, title: Labels, actor: Actor, content?: SurveyContent): string {
  const id = randomUUID();
  const at = now();
  const takenKeys = (db.prepare('SELECT form_key FROM form').pluck().all() as string[]) ?? [];
  const formKey = nameFromLabel(title.en || title.vi || '', takenKeys, 'survey');
  writeTransaction(db, () => {
    db.prepare('INSERT INTO form (id, form_key, created_at) VALUES (?, ?, ?)').run(id, formKey, at);
    const versionId = db
      .prepare('INSERT INTO form_version (form_id, version, title, created_at, updated_at) VALUES (?, 1, ?, ?, ?)')
      .run(id, JSON.stringify(title), at, at).lastInsertRowid;
    if (content) writeContent(db, Number(versionId), content);
    audit(db, actor, 'create', 'form', id, { formKey });
  })();
  return id;
}

export function getSurvey(db: Db, surveyId: string): Survey {
  const version = latestVersion(db, surveyId);
  return {
    id: version.formId,
    formKey: version.formKey,
    version: version.version,
    status: version.status,
    updatedAt: version.updatedAt,
    ...readContent(db, version.versionId, version.title),
  };
}

/** The survey as it was at one stored version (responses keep the version they were entered with). */
export function readContent(db: Db, versionId: number, titleJson?: string): SurveyContent {
  const title = titleJson ?? (db.prepare('SELECT title FROM form_version WHERE id = ?').pluck().get(versionId) as string);
  const questions = (
    db
      .prepare(
        `SELECT name, type, label, hint, required, list_name AS listName, props FROM question
         WHERE form_version_id = ? ORDER BY position`,
      )
      .all(versionId) as QuestionRow[]
  ).map(questionFromRow);
  const choiceLists: Record<string, Choice[]> = {};
  const choices = db
    .prepare(`SELECT list_name AS listName, name, label, props FROM choice WHERE form_version_id = ? ORDER BY list_name, position`)
    .all(versionId) as { listName: string; name: string; label: string; props: string }[];
  for (const row of choices) {
    (choiceLists[row.listName] ??= []).push({ ...(JSON.parse(row.props) as object), name: row.name, label: JSON.parse(row.label) as Labels });
  }
  return { title: JSON.parse(title) as Labels, questions, choiceLists };
}

interface QuestionRow {
  name: string;
  type: Question['type'];
  label: string;
  hint: string;
  required: number;
  listName: string | null;
  props: string;
}

/** Columns for what every question has and queries filter on; everything else in `props`. */
function questionFromRow(row: QuestionRow): Question {
  return {
    ...(JSON.parse(row.props) as Partial<Question>),
    name: row.name,
    type: row.type,
    label: JSON.parse(row.label) as Labels,
    hint: JSON.parse(row.hint) as Labels,
    required: row.required === 1,
    ...(row.listName ? { listName: row.listName } : {}),
  };
}

function questionProps(question: Question): string {
  const { name: _n, type: _t, label: _l, hint: _h, required: _r, listName: _ln, ...props } = question;
  return JSON.stringify(withoutUndefined(props));
}

function withoutUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/**
 * Saves a survey's content. A published version, or one with responses, is never rewritten:
 * the save starts the next (draft) version, and old responses keep theirs.
 */
export function saveSurvey(db: Db, surveyId: string, content: SurveyContent, actor: Actor): { version: number; updatedAt: string } {
  const at = now();
  return writeTransaction(db, () => {
    const current = latestVersion(db, surveyId);
    const hasResponses = db.prepare('SELECT 1 FROM response WHERE form_version_id = ? LIMIT 1').get(current.versionId);
    let versionId = current.versionId;
    let version = current.version;
    if (hasResponses || current.status === 'published') {
      version += 1;
      versionId = Number(
        db
          .prepare('INSERT INTO form_version (form_id, version, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
          .run(surveyId, version, JSON.stringify(content.title), at, at).lastInsertRowid,
      );
    } else {
      db.prepare('UPDATE form_version SET title = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(content.title), at, versionId);
      db.prepare('DELETE FROM question WHERE form_version_id = ?').run(versionId);
      db.prepare('DELETE FROM choice WHERE form_version_id = ?').run(versionId);
    }
    writeContent(db, versionId, content);
    audit(db, actor, 'save', 'form', surveyId, { version, questions: content.questions.length });
    return { version, updatedAt: at };
  })();
}

function writeContent(db: Db, versionId: number, content: SurveyContent): void {
  const insertQuestion = db.prepare(
    `INSERT INTO question (form_version_id, position, name, type, label, hint, required, list_name, props)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  content.questions.forEach((q, position) =>
    insertQuestion.run(versionId, position, q.name, q.type, JSON.stringify(q.label), JSON.stringify(q.hint), q.required ? 1 : 0, q.listName ?? null, questionProps(q)),
  );
  const insertChoice = db.prepare(
    'INSERT INTO choice (form_version_id, list_name, position, name, label, props) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const [listName, choices] of Object.entries(content.choiceLists)) {
    choices.forEach(({ name, label, ...props }, position) =>
      insertChoice.run(versionId, listName, position, name, JSON.stringify(label), JSON.stringify(withoutUndefined(props))),
    );
  }
}

export function listSurveys(db: Db): SurveySummary[] {
  const rows = db
    .prepare(
      `SELECT f.id, v.title, v.version, v.updated_at AS updatedAt,
         (SELECT count(*) FROM question q WHERE q.form_version_id = v.id) AS questionCount,
         (SELECT count(*) FROM response r JOIN form_version rv ON rv.id = r.form_version_id
            WHERE rv.form_id = f.id AND r.deleted_at IS NULL AND r.verifies IS NULL AND r.status = 'complete') AS responseCount
       FROM form f JOIN form_version v ON v.form_id = f.id
       WHERE f.deleted_at IS NULL AND v.version = (SELECT max(version) FROM form_version WHERE form_id = f.id)
       ORDER BY f.created_at`,
    )
    .all() as (Omit<SurveySummary, 'title'> & { title: string })[];
  return rows.map((row) => ({ ...row, title: JSON.parse(row.title) as Labels }));
}

/** Freezes the latest version (publishing it); answers are entered against published versions only. */
export function publishSurvey(db: Db, surveyId: string, actor: Actor): number {
  const at = now();
  return writeTransaction(db, () => {
    const current = latestVersion(db, surveyId);
    if (current.status !== 'published') {
      db.prepare(`UPDATE form_version SET status = 'published', published_at = ? WHERE id = ?`).run(at, current.versionId);
      audit(db, actor, 'publish', 'form', surveyId, { version: current.version });
    }
    return current.version;
  })();
}

/** The latest published version's content, or null before the first publication. */
export function publishedContent(db: Db, surveyId: string): SurveyContent | null {
  const row = db
    .prepare(`SELECT id, title FROM form_version WHERE form_id = ? AND status = 'published' ORDER BY version DESC LIMIT 1`)
    .get(surveyId) as { id: number; title: string } | undefined;
  return row ? readContent(db, row.id, row.title) : null;
}

/** Every (question, value) pair answered in any version of the survey, for the version warnings. */
export function answerUsage(db: Db, surveyId: string): { question: string; value: string }[] {
  return db
    .prepare(
      `SELECT DISTINCT a.question_name AS question, a.value FROM answer a
       JOIN response r ON r.id = a.response_id JOIN form_version v ON v.id = r.form_version_id
       WHERE v.form_id = ? AND r.deleted_at IS NULL AND r.verifies IS NULL AND a.value IS NOT NULL`,
    )
    .all(surveyId) as { question: string; value: string }[];
}
