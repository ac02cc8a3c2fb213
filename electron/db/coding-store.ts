/**
 * Coding of open answers in the project file (migration 006): the codebook of themes, themes given to answers,
 * and starred quotes. Every change writes an audit row naming ids, question keys and theme ids, never the
 * children's words (an edited excerpt is recorded as edited, not copied).
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors';
import { descendantsOf, reorder, treeOrder, wouldCycle, type ThemeNode } from '../../core/coding/codebook';
import type { AnswerRef, CodingAnswerPage, CodingTheme, OpenQuestion } from '../../core/api/coding';
import { parseAnswerKey } from '../../core/survey/instances';
import type { Labels } from '../../core/survey/model';
import { fold, nfc } from '../../core/text/vietnamese';
import type { Db } from './open';
import { now } from './clock';
import { audit, type Actor } from './audit';
import { COUNTED, KEY_NAMED, KEY_OF, keyOfParams } from './counted';
import { getSurvey } from './survey-store';
import { answerIndex, foldedTexts, type IndexedAnswer } from './coding-answer-index';
import { writeTransaction } from './transaction';

/** An answer row (`a`, of `answer_value`) of question ? holding text (KEY_OF's parameters). */
const OF_QUESTION = `${KEY_OF} AND a.state = 'answered' AND a.value IS NOT NULL AND a.value <> ''`;

interface ThemeRow {
  id: string;
  formId: string;
  question: string | null;
  parentId: string | null;
  label: string;
  position: number;
}

const themeColumns = `id, form_id AS formId, question_name AS question, parent_id AS parentId, label, position`;

/** The open-text questions of the survey's latest version; throws for any other name. */
export function openQuestionNames(db: Db, surveyId: string): { name: string; label: Labels }[] {
  return getSurvey(db, surveyId)
    .questions.filter((q) => q.type === 'text')
    .map((q) => ({ name: q.name, label: q.label }));
}

export function assertOpenQuestion(db: Db, surveyId: string, question: string): void {
  if (!openQuestionNames(db, surveyId).some((q) => q.name === question)) throw new AppError('coding.notOpenQuestion', { question });
}

/**
 * The open questions with how many answers each has, how many of them are coded and starred. `answersOf`: a
 * question's counted answers, its repeat instances included (read from its analysis column, electron/analysis).
 */
export function listOpenQuestions(db: Db, surveyId: string, answersOf: (question: string) => number): OpenQuestion[] {
  const questions = openQuestionNames(db, surveyId);
  // Coded and starred answers are read from the (small) coding tables, each checked against a counted answer.
  const keyOf = (column: string) => `(${column} = ? OR substr(${column}, 1, length(?) + 1) = ? || '[')`;
  // CROSS JOIN keeps SQLite reading the coding rows first (it would otherwise walk every response).
  const counted = `CROSS JOIN response r ON r.uuid = x.response_uuid CROSS JOIN form_version v ON v.id = r.form_version_id
     CROSS JOIN answer_value a ON a.response_id = r.id AND ${KEY_NAMED('x.answer_key')} AND a.state = 'answered' AND a.value IS NOT NULL AND a.value <> ''`;
  const coded = db.prepare(
    `SELECT count(*) FROM (SELECT DISTINCT c.response_uuid, c.answer_key FROM coding_assignment c
       JOIN coding_theme t ON t.id = c.theme_id AND t.deleted_at IS NULL WHERE ${keyOf('c.answer_key')}) x
     ${counted} WHERE ${COUNTED}`,
  );
  const starred = db.prepare(`SELECT count(*) FROM coding_quote x ${counted} WHERE ${keyOf('x.answer_key')} AND ${COUNTED}`);
  return questions.map(({ name, label }) => ({
    name,
    label,
    answers: answersOf(name),
    coded: coded.pluck().get(name, name, name, surveyId) as number,
    starred: starred.pluck().get(name, name, name, surveyId) as number,
  }));
}

function findTheme(db: Db, themeId: string): ThemeRow {
  const row = db.prepare(`SELECT ${themeColumns} FROM coding_theme WHERE id = ? AND deleted_at IS NULL`).get(themeId) as ThemeRow | undefined;
  if (!row) throw new AppError('coding.themeNotFound');
  return row;
}

/** Live themes of one codebook: a question's own themes, or the survey's shared ones (question null). */
function codebook(db: Db, formId: string, question: string | null): ThemeRow[] {
  return db
    .prepare(`SELECT ${themeColumns} FROM coding_theme WHERE form_id = ? AND question_name IS ? AND deleted_at IS NULL`)
    .all(formId, question) as ThemeRow[];
}

/** Themes usable for a question: its own and the shared ones. */
function usableThemes(db: Db, surveyId: string, question: string): ThemeRow[] {
  return db
    .prepare(`SELECT ${themeColumns} FROM coding_theme WHERE form_id = ? AND (question_name = ? OR question_name IS NULL) AND deleted_at IS NULL`)
    .all(surveyId, question) as ThemeRow[];
}

/** The live themes usable for a question as tree nodes (core/coding/codebook.ts). */
export function codebookNodes(db: Db, surveyId: string, question: string): ThemeNode[] {
  return usableThemes(db, surveyId, question).map((r) => ({ id: r.id, parentId: r.parentId, position: r.position, label: JSON.parse(r.label) as Labels }));
}

function toTheme(row: ThemeRow, depth: number, count: number): CodingTheme {
  return { id: row.id, parentId: row.parentId, question: row.question, label: JSON.parse(row.label) as Labels, position: row.position, depth, count };
}

/** The codebook of a question in display order, with how many of its answers have each theme. */
export function listThemes(db: Db, surveyId: string, question: string): CodingTheme[] {
  const rows = usableThemes(db, surveyId, question);
  const counts = new Map(
    (
      db
        .prepare(
          `SELECT c.theme_id AS id, count(*) AS n FROM coding_assignment c
           CROSS JOIN response r ON r.uuid = c.response_uuid CROSS JOIN form_version v ON v.id = r.form_version_id
           CROSS JOIN answer_value a ON a.response_id = r.id AND ${KEY_NAMED('c.answer_key')} AND ${OF_QUESTION}
           WHERE ${COUNTED} GROUP BY c.theme_id`,
        )
        .all(...keyOfParams(question), surveyId) as { id: string; n: number }[]
    ).map((r) => [r.id, r.n]),
  );
  // Shared themes first, then the question's own, each as its own tree.
  const shared = rows.filter((r) => r.question === null);
  const own = rows.filter((r) => r.question !== null);
  return [shared, own].flatMap((group) =>
    treeOrder(group.map((r) => ({ ...r, label: JSON.parse(r.label) as Labels, raw: r }))).map((t) => toTheme(t.raw, t.depth, counts.get(t.id) ?? 0)),
  );
}

function themeOut(db: Db, themeId: string): CodingTheme {
  const row = findTheme(db, themeId);
  const all = codebook(db, row.formId, row.question).map((r) => ({ ...r, label: JSON.parse(r.label) as Labels }));
  const depth = treeOrder(all).find((t) => t.id === themeId)?.depth ?? 0;
  const count = db.prepare('SELECT count(*) FROM coding_assignment WHERE theme_id = ?').pluck().get(themeId) as number;
  return toTheme(row, depth, count);
}

function cleanLabel(label: { vi?: string; en?: string }, previous: Labels = {}): Labels {
  const out: Labels = { ...previous };
  for (const lang of ['vi', 'en'] as const) {
    const text = label[lang];
    if (text === undefined) continue;
    if (text === '') delete out[lang];
    else out[lang] = nfc(text);
  }
  if (!out.vi && !out.en) throw new AppError('coding.emptyLabel');
  return out;
}

function assertSameCodebook(theme: Pick<ThemeRow, 'formId' | 'question'>, other: Pick<ThemeRow, 'formId' | 'question'>): void {
  if (theme.formId !== other.formId || theme.question !== other.question) throw new AppError('coding.otherCodebook');
}

export function createTheme(
  db: Db,
  actor: Actor,
  input: { surveyId: string; question: string | null; label: { vi?: string; en?: string }; parentId?: string | null },
): CodingTheme {
  const label = cleanLabel(input.label);
  const id = randomUUID();
  const at = now();
  writeTransaction(db, () => {
    if (input.question !== null) assertOpenQuestion(db, input.surveyId, input.question);
    else getSurvey(db, input.surveyId);
    const parentId = input.parentId ?? null;
    if (parentId) assertSameCodebook({ formId: input.surveyId, question: input.question }, findTheme(db, parentId));
    const position = db
      .prepare(`SELECT coalesce(max(position) + 1, 0) FROM coding_theme WHERE form_id = ? AND question_name IS ? AND parent_id IS ? AND deleted_at IS NULL`)
      .pluck()
      .get(input.surveyId, input.question, parentId) as number;
    db.prepare(
      `INSERT INTO coding_theme (id, form_id, question_name, parent_id, label, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, input.surveyId, input.question, parentId, JSON.stringify(label), position, at, at);
    audit(db, actor, 'create', 'codingTheme', id, { survey: input.surveyId, question: input.question, parentId, label });
  })();
  return themeOut(db, id);
}

export function renameTheme(db: Db, actor: Actor, themeId: string, label: { vi?: string; en?: string }): CodingTheme {
  writeTransaction(db, () => {
    const row = findTheme(db, themeId);
    const old = JSON.parse(row.label) as Labels;
    const next = cleanLabel(label, old);
    db.prepare('UPDATE coding_theme SET label = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(next), now(), themeId);
    audit(db, actor, 'rename', 'codingTheme', themeId, { old, new: next });
  })();
  return themeOut(db, themeId);
}

/** Renumbers siblings 0…n-1 in the given order. */
function writePositions(db: Db, ids: readonly string[], at: string): void {
  const update = db.prepare('UPDATE coding_theme SET position = ?, updated_at = ? WHERE id = ? AND position IS NOT ?');
  ids.forEach((id, position) => update.run(position, at, id, position));
}

function siblingIds(db: Db, row: Pick<ThemeRow, 'formId' | 'question'>, parentId: string | null): string[] {
  const rows = codebook(db, row.formId, row.question)
    .filter((t) => t.parentId === parentId)
    .map((t) => ({ ...t, label: JSON.parse(t.label) as Labels }));
  return treeOrder(rows.map((t) => ({ ...t, parentId: null }))).map((t) => t.id);
}

export function moveTheme(db: Db, actor: Actor, themeId: string, parentId: string | null, position?: number): CodingTheme {
  writeTransaction(db, () => {
    const row = findTheme(db, themeId);
    if (parentId !== null) {
      const parent = findTheme(db, parentId);
      assertSameCodebook(row, parent);
      if (wouldCycle(codebook(db, row.formId, row.question), themeId, parentId)) throw new AppError('coding.themeCycle');
    }
    const at = now();
    const oldParent = row.parentId;
    if (oldParent !== parentId) {
      db.prepare('UPDATE coding_theme SET parent_id = ?, updated_at = ? WHERE id = ?').run(parentId, at, themeId);
      writePositions(db, siblingIds(db, row, oldParent).filter((id) => id !== themeId), at);
    }
    const siblings = siblingIds(db, row, parentId);
    writePositions(db, reorder(siblings, themeId, position ?? (oldParent === parentId ? siblings.indexOf(themeId) : siblings.length)), at);
    audit(db, actor, 'move', 'codingTheme', themeId, { oldParentId: oldParent, parentId, position: position ?? null });
  })();
  return themeOut(db, themeId);
}

/**
 * Deletes (soft) a theme. Refused while answers have it, unless `reassignTo` names a theme of the same survey
 * that can hold them (the same codebook, or a shared theme); its sub-themes move up to its parent.
 */
export function deleteTheme(db: Db, actor: Actor, themeId: string, reassignTo?: string): { reassigned: number; childrenMoved: number } {
  return writeTransaction(db, () => {
    const row = findTheme(db, themeId);
    const used = db.prepare('SELECT count(*) FROM coding_assignment WHERE theme_id = ?').pluck().get(themeId) as number;
    let reassigned = 0;
    if (used > 0) {
      if (!reassignTo) throw new AppError('coding.themeInUse', { count: used });
      if (reassignTo === themeId) throw new AppError('coding.themeCycle');
      const target = findTheme(db, reassignTo);
      if (target.formId !== row.formId || (target.question !== null && target.question !== row.question)) throw new AppError('coding.otherCodebook');
      reassigned = db
        .prepare(
          `INSERT INTO coding_assignment (response_uuid, answer_key, theme_id, assigned_by, device_id, assigned_at)
           SELECT response_uuid, answer_key, ?, ?, ?, ? FROM coding_assignment WHERE theme_id = ?
           ON CONFLICT DO NOTHING`,
        )
        .run(reassignTo, actor.name, actor.deviceId, now(), themeId).changes;
      db.prepare('DELETE FROM coding_assignment WHERE theme_id = ?').run(themeId);
    }
    const at = now();
    const children = codebook(db, row.formId, row.question).filter((t) => t.parentId === themeId);
    if (children.length > 0) {
      const moved = db.prepare('UPDATE coding_theme SET parent_id = ?, updated_at = ? WHERE id = ?');
      for (const child of children) moved.run(row.parentId, at, child.id);
    }
    db.prepare('UPDATE coding_theme SET deleted_at = ?, updated_at = ? WHERE id = ?').run(at, at, themeId);
    // The siblings close the gap; the moved sub-themes take the deleted theme's place, in their order.
    const siblings = siblingIds(db, row, row.parentId);
    const childIds = new Set(children.map((c) => c.id));
    const others = siblings.filter((id) => !childIds.has(id));
    const movedIds = children.sort((a, b) => a.position - b.position).map((c) => c.id);
    const at0 = Math.min(row.position, others.length);
    writePositions(db, [...others.slice(0, at0), ...movedIds, ...others.slice(at0)], at);
    audit(db, actor, 'delete', 'codingTheme', themeId, { used, reassignTo: reassignTo ?? null, reassigned, childrenMoved: children.length });
    return { reassigned, childrenMoved: children.length };
  })();
}

/** Throws unless every answer is a text answer of this question in a counted (complete) response of the survey. */
function assertAnswers(db: Db, surveyId: string, question: string, answers: readonly AnswerRef[]): void {
  const exists = db.prepare(
    `SELECT 1 FROM response r JOIN form_version v ON v.id = r.form_version_id
     JOIN answer a ON a.response_id = r.id AND a.question_name = ? AND a.state = 'answered' AND a.value IS NOT NULL
     WHERE r.uuid = ? AND v.form_id = ? AND r.status = 'complete' AND r.deleted_at IS NULL AND r.verifies IS NULL`,
  );
  for (const { responseId, key } of answers) {
    if (parseAnswerKey(key)?.name !== question || !exists.get(key, responseId, surveyId)) throw new AppError('coding.answerNotFound', { question: key });
  }
}

function assertUsableThemes(db: Db, surveyId: string, question: string, themeIds: readonly string[]): void {
  for (const id of themeIds) {
    const theme = findTheme(db, id);
    if (theme.formId !== surveyId || (theme.question !== null && theme.question !== question)) throw new AppError('coding.otherCodebook');
  }
}

export function assignThemes(db: Db, actor: Actor, input: { surveyId: string; question: string; themeIds: readonly string[]; answers: readonly AnswerRef[] }): number {
  return writeTransaction(db, () => {
    assertOpenQuestion(db, input.surveyId, input.question);
    assertUsableThemes(db, input.surveyId, input.question, input.themeIds);
    assertAnswers(db, input.surveyId, input.question, input.answers);
    const insert = db.prepare(
      `INSERT INTO coding_assignment (response_uuid, answer_key, theme_id, assigned_by, device_id, assigned_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    const at = now();
    let added = 0;
    for (const { responseId, key } of input.answers) {
      const themes = input.themeIds.filter((themeId) => insert.run(responseId, key, themeId, actor.name, actor.deviceId, at).changes > 0);
      added += themes.length;
      if (themes.length > 0) audit(db, actor, 'code', 'response', responseId, { question: key, themes });
    }
    return added;
  })();
}

export function unassignThemes(db: Db, actor: Actor, input: { surveyId: string; question: string; themeIds: readonly string[]; answers: readonly AnswerRef[] }): number {
  return writeTransaction(db, () => {
    assertOpenQuestion(db, input.surveyId, input.question);
    const remove = db.prepare('DELETE FROM coding_assignment WHERE response_uuid = ? AND answer_key = ? AND theme_id = ?');
    let removed = 0;
    for (const { responseId, key } of input.answers) {
      if (parseAnswerKey(key)?.name !== input.question) throw new AppError('coding.answerNotFound', { question: key });
      const themes = input.themeIds.filter((themeId) => remove.run(responseId, key, themeId).changes > 0);
      removed += themes.length;
      if (themes.length > 0) audit(db, actor, 'uncode', 'response', responseId, { question: key, themes });
    }
    return removed;
  })();
}

export interface AnswersQuery {
  surveyId: string;
  question: string;
  search?: string;
  uncoded?: boolean;
  themeId?: string;
  offset: number;
  limit: number;
}

/**
 * A page of a question's answers, in response order, searched without tone marks and filtered by theme. The
 * answers come from an index held in memory (coding-answer-index.ts), so a page or a search is a loop over an
 * array; the coding tables (small) are read for the filters, and the page's own rows for paper codes, themes, stars.
 */
export function listAnswers(db: Db, query: AnswersQuery): CodingAnswerPage {
  assertOpenQuestion(db, query.surveyId, query.question);
  const index = answerIndex(db, query.surveyId, query.question, (after) =>
    db
      .prepare(
        `SELECT r.uuid AS responseId, r.number, k.name AS key, a.value AS text
         FROM response r JOIN form_version v ON v.id = r.form_version_id
         JOIN answer_value a ON a.response_id = r.id AND ${OF_QUESTION} JOIN answer_key k ON k.id = a.key_id
         WHERE ${COUNTED} AND r.id > ?
         ORDER BY r.number, length(k.name), k.name, r.uuid`,
      )
      .all(...keyOfParams(query.question), query.surveyId, after ?? 0) as IndexedAnswer[],
  );
  const search = query.search ? fold(nfc(query.search)).trim() : '';
  const folded = search ? foldedTexts(index) : null;
  // Answers with a live theme (for "uncoded"), or with the theme asked for or one of its sub-themes.
  const liveCodes = `FROM coding_assignment c JOIN coding_theme t ON t.id = c.theme_id AND t.deleted_at IS NULL
    WHERE (c.answer_key = ? OR substr(c.answer_key, 1, length(?) + 1) = ? || '[')`;
  const codedKey = (responseId: string, key: string) => `${responseId}\n${key}`;
  let coded: Set<string> | null = null;
  if (query.uncoded) {
    const rows = db.prepare(`SELECT DISTINCT c.response_uuid, c.answer_key ${liveCodes}`).raw().all(query.question, query.question, query.question) as [string, string][];
    coded = new Set(rows.map(([uuid, key]) => codedKey(uuid, key)));
  }
  let withTheme: Set<string> | null = null;
  if (query.themeId) {
    const theme = findTheme(db, query.themeId);
    const ids = [...descendantsOf(codebook(db, theme.formId, theme.question), theme.id)];
    const rows = db
      .prepare(`SELECT DISTINCT c.response_uuid, c.answer_key ${liveCodes} AND c.theme_id IN (${ids.map(() => '?').join(', ')})`)
      .raw()
      .all(query.question, query.question, query.question, ...ids) as [string, string][];
    withTheme = new Set(rows.map(([uuid, key]) => codedKey(uuid, key)));
  }
  const page: IndexedAnswer[] = [];
  let total = 0;
  const end = query.offset + query.limit;
  index.answers.forEach((answer, i) => {
    if (folded && !folded[i]!.includes(search)) return;
    if (coded && coded.has(codedKey(answer.responseId, answer.key))) return;
    if (withTheme && !withTheme.has(codedKey(answer.responseId, answer.key))) return;
    if (total >= query.offset && total < end) page.push(answer);
    total++;
  });
  const details = db.prepare(
    `SELECT r.paper_code AS paperCode,
       (SELECT json_group_array(c.theme_id) FROM coding_assignment c JOIN coding_theme t ON t.id = c.theme_id
          WHERE c.response_uuid = r.uuid AND c.answer_key = ? AND t.deleted_at IS NULL) AS themes,
       EXISTS (SELECT 1 FROM coding_quote q WHERE q.response_uuid = r.uuid AND q.answer_key = ?) AS starred
     FROM response r WHERE r.uuid = ?`,
  );
  return {
    total,
    answers: page.map(({ responseId, number, key, text }) => {
      const { paperCode, themes, starred } = details.get(key, key, responseId) as { paperCode: string | null; themes: string; starred: number };
      return { responseId, number, paperCode, key, text, themeIds: (JSON.parse(themes) as string[]).sort(), starred: starred === 1 };
    }),
  };
}

export interface QuoteRow {
  responseId: string;
  number: number;
  versionId: number;
  key: string;
  answer: string;
  excerpt: string | null;
  attributes: string;
  starredAt: string;
  themes: string;
}

/** Stars (or updates) a quote. The caller has checked the attributes against the response's survey version. */
export function starQuote(db: Db, actor: Actor, ref: AnswerRef, attributes: readonly string[], excerpt: string | null | undefined): void {
  writeTransaction(db, () => {
    const at = now();
    const existing = db.prepare('SELECT excerpt FROM coding_quote WHERE response_uuid = ? AND answer_key = ?').get(ref.responseId, ref.key) as
      | { excerpt: string | null }
      | undefined;
    const nextExcerpt = excerpt === undefined ? (existing?.excerpt ?? null) : excerpt === '' ? null : excerpt;
    db.prepare(
      `INSERT INTO coding_quote (response_uuid, answer_key, attributes, excerpt, starred_by, device_id, starred_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (response_uuid, answer_key) DO UPDATE SET attributes = excluded.attributes, excerpt = excluded.excerpt, updated_at = excluded.updated_at`,
    ).run(ref.responseId, ref.key, JSON.stringify(attributes), nextExcerpt, actor.name, actor.deviceId, at, at);
    audit(db, actor, existing ? 'quoteChange' : 'quote', 'response', ref.responseId, { question: ref.key, attributes, excerptEdited: nextExcerpt !== null });
  })();
}

export function unstarQuote(db: Db, actor: Actor, ref: AnswerRef): boolean {
  return writeTransaction(db, () => {
    const removed = db.prepare('DELETE FROM coding_quote WHERE response_uuid = ? AND answer_key = ?').run(ref.responseId, ref.key).changes > 0;
    if (removed) audit(db, actor, 'unquote', 'response', ref.responseId, { question: ref.key });
    return removed;
  })();
}

/** Starred quotes of counted responses, by response number; `question` limits them to one open question. */
export function quoteRows(db: Db, surveyId: string, question?: string, only?: AnswerRef): QuoteRow[] {
  const conditions: string[] = [];
  const params: unknown[] = [surveyId];
  if (question) {
    conditions.push(`(q.answer_key = ? OR substr(q.answer_key, 1, length(?) + 1) = ? || '[')`);
    params.push(question, question, question);
  }
  if (only) {
    conditions.push('q.response_uuid = ? AND q.answer_key = ?');
    params.push(only.responseId, only.key);
  }
  return db
    .prepare(
      `SELECT q.response_uuid AS responseId, r.number, r.form_version_id AS versionId, q.answer_key AS key, a.value AS answer, q.excerpt,
         q.attributes, q.starred_at AS starredAt,
         (SELECT json_group_array(c.theme_id) FROM coding_assignment c JOIN coding_theme t ON t.id = c.theme_id
            WHERE c.response_uuid = q.response_uuid AND c.answer_key = q.answer_key AND t.deleted_at IS NULL) AS themes
       -- CROSS JOIN keeps SQLite starting from the (few) quotes; it would otherwise walk every response.
       FROM coding_quote q CROSS JOIN response r ON r.uuid = q.response_uuid CROSS JOIN form_version v ON v.id = r.form_version_id
       CROSS JOIN answer_value a ON a.response_id = r.id AND ${KEY_NAMED('q.answer_key')} AND a.state = 'answered'
       WHERE ${COUNTED} ${conditions.map((c) => `AND ${c}`).join(' ')}
       ORDER BY r.number, q.answer_key`,
    )
    .all(...params) as QuoteRow[];
}

export { assertAnswers };

/**
 * How many counted responses of the survey share these answers (all of them), the quoted child included: a quote
 * whose attributes fit fewer than k children may single the child out.
 */
export function groupSize(db: Db, surveyId: string, values: readonly { question: string; value: string }[]): number {
  const joins = values
    .map((_, i) => `JOIN answer g${i} ON g${i}.response_id = r.id AND g${i}.question_name = ? AND g${i}.state = 'answered' AND g${i}.value = ?`)
    .join(' ');
  return db
    .prepare(`SELECT count(*) FROM response r JOIN form_version v ON v.id = r.form_version_id ${joins} WHERE ${COUNTED}`)
    .pluck()
    .get(...values.flatMap((v) => [v.question, v.value]), surveyId) as number;
}
