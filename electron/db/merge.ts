import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { AppError, type ErrorParams } from '../../core/errors';
import type { MergeCounts, MergeProgress, MergeRefusal, MergeReport } from '../../core/api/merge';
import type { SurveyContent } from '../../core/survey/model';
import { uniqueName } from '../../core/survey/names';
import { canonicalJson } from '../../core/text/canonical-json';
import { openProjectDb, type Db } from './open';
import { RESPONSE_ID } from './response-key';
import { AnswerKeys } from './answer-keys';
import { now } from './clock';
import { audit, type Actor } from './audit';
import { readContent } from './survey-store';
import { mergeSavedAnalyses } from './merge-saved-analyses';
import { BulkChanges } from './bulk-changes';
import { writeTransaction } from './transaction';

/**
 * Merging project files (issue 6): one consultation collected on several laptops, each with its own copy of the
 * project file, becomes one file. The rules, in the order they apply:
 *
 * - Sources are never written. Each is copied to a private temporary folder first (through SQLite when its WAL
 *   still holds answers) and read from the copy, so nothing, not even a `-wal`/`-shm` file, appears beside it, a
 *   read-only USB stick works, and a source of an older schema is brought up to date in the copy only. A source
 *   newer than this app is refused with the usual message.
 * - OUT: when it does not exist, it is made as a copy of the first source and the others are merged into it; the
 *   file appears under its name only when the whole merge has succeeded (written beside it, then renamed). When it
 *   exists, it is the target: everything is merged into it in one transaction, so a failure leaves it as it was.
 *   OUT may not be one of the sources, and a source may not be given twice.
 * - Surveys match by `form_key` (XLSForm form_id), not by id: a laptop set up separately from the same XLSForm
 *   matches too. A source is refused when it belongs to another project (other project uuid) AND has no survey in
 *   common with the target (OUT, or the first source for a new OUT); a refusal stops the whole merge before anything
 *   is written, naming the files and their surveys. A target with no survey, or a source with none, refuses
 *   nothing. A survey of an accepted source that the target lacks is added (and reported).
 * - Versions: a source version whose content (title, questions, choices, pictures by their bytes) equals a version of
 *   the target's survey maps onto it, preferring the one with the same number; otherwise it is copied with its own
 *   number, or with the next free number when the target already uses that number for other content (reported).
 *   Responses keep the content they were answered with. Draft versions (which hold no responses) are copied only
 *   with a survey the target lacks.
 * - Responses match by uuid. Same answers (value and refusal), status and deletion: a duplicate, counted once.
 *   A complete response changed in one file only (the other file's state is an earlier one: every change it went
 *   through is in the history of the changed one) takes the changed state: an update, not a conflict.
 *   Otherwise the state changed last wins (its `updated_at`, deletion time or last audited change, such as a
 *   restore); the other state is written to the audit log (`merge-conflict`, with both values of each differing
 *   answer, as `edit` records do) and the conflict is listed in the report by survey, number, paper code and
 *   question names. A response already in the target keeps its number and paper code.
 * - A new response keeps its number when the survey's numbers leave it free; otherwise it takes the next number
 *   (its device id stays), and an automatic paper code (its number) follows the new number. A typed paper code that a
 *   live response of the target already carries gets a suffix (`LC-12-2`), and is listed. Deleted responses and
 *   second typings do not hold codes; a second typing carries its paper's code and still `verifies` the same uuid.
 * - The audit rows of every merged response are copied (rows already present are not repeated), pictures used by
 *   copied versions come along (renamed if the target holds another picture under the name), and one `merge`
 *   record on the project sums the merge up.
 *
 * Children's answers go only into the audit log of the result; never into the report, a log or the console.
 */

export interface MergeOptions {
  onProgress?: (progress: MergeProgress) => void;
}

/** Thrown when sources hold other surveys: the merge stops before writing anything. */
export class MergeRefusedError extends AppError {
  constructor(
    readonly refused: MergeRefusal[],
    params: ErrorParams,
  ) {
    super('merge.differentSurveys', params);
  }
}

/** Merges `sourcePaths` into `outPath` (made from the first source when missing). See the rules above. */
export function mergeProjects(outPath: string, sourcePaths: readonly string[], actor: Actor, options: MergeOptions = {}): MergeReport {
  if (sourcePaths.length === 0) throw new AppError('merge.noSources');
  const out = path.resolve(outPath);
  const sources = sourcePaths.map((p) => path.resolve(p));
  assertDistinct(out, sources);
  if (!fs.existsSync(path.dirname(out))) throw new AppError('merge.cannotWrite', { file: path.basename(out), reason: 'ENOENT' });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-merge-'));
  const opened: OpenedSource[] = [];
  let target: Db | undefined;
  let pending: string | undefined;
  try {
    for (const [index, source] of sources.entries()) opened.push(openSource(source, path.join(work, String(index))));
    const exists = fs.existsSync(out);
    let base: OpenedSource | undefined;
    if (exists) {
      // An empty file would be taken for a new SQLite database: it is not a project to merge into.
      if (fs.statSync(out).size === 0) throw new AppError('project.notTiengNoi', { file: path.basename(out) });
      target = openProjectDb(out);
    } else {
      // The result starts as a copy of the first source (brought up to date), written beside OUT under another name.
      base = opened.shift()!;
      base.db.close();
      pending = path.join(path.dirname(out), `.${path.basename(out)}.${randomUUID().slice(0, 8)}.merging`);
      fs.copyFileSync(base.copy, pending);
      target = openProjectDb(pending);
    }
    const report = mergeInto(target, path.basename(out), base?.file ?? null, opened, actor, options);
    target.close();
    target = undefined;
    if (pending) {
      if (fs.existsSync(out)) throw new AppError('project.exists', { file: path.basename(out) });
      fs.renameSync(pending, out);
      pending = undefined;
    }
    return report;
  } catch (error) {
    throw writeError(error, out);
  } finally {
    target?.close();
    for (const source of opened) if (source.db.open) source.db.close();
    if (pending) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(pending + suffix, { force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Merges `sourcePaths` into a project that is already open (the app's current project), in one transaction.
 * `targetPath` is the open file's path, so that it is never taken as a source.
 */
export function mergeIntoOpenProject(db: Db, targetPath: string, sourcePaths: readonly string[], actor: Actor, options: MergeOptions = {}): MergeReport {
  if (sourcePaths.length === 0) throw new AppError('merge.noSources');
  const sources = sourcePaths.map((p) => path.resolve(p));
  assertDistinct(path.resolve(targetPath), sources);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-merge-'));
  const opened: OpenedSource[] = [];
  try {
    for (const [index, source] of sources.entries()) opened.push(openSource(source, path.join(work, String(index))));
    return mergeInto(db, path.basename(targetPath), null, opened, actor, options);
  } finally {
    for (const source of opened) if (source.db.open) source.db.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const WRITE_ERRORS = ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOENT', 'SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_CANTOPEN'];

/** A disk that is full, read-only or not ours to write: said in words, naming the merged file. */
function writeError(error: unknown, out: string): unknown {
  if (error instanceof AppError) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  if (WRITE_ERRORS.includes(code) || code.startsWith('SQLITE_IOERR')) return new AppError('merge.cannotWrite', { file: path.basename(out), reason: code });
  return error;
}

// ---------------------------------------------------------------------------------------------------------------
// Sources

interface OpenedSource {
  /** The source's file name, as reports and messages name it. */
  file: string;
  /** The private copy that is read. */
  copy: string;
  db: Db;
}

/** Refuses OUT among the sources, and a source given twice (by path, or the same file under two names). */
function assertDistinct(out: string, sources: readonly string[]): void {
  const identity = (p: string) => {
    try {
      const stat = fs.statSync(p, { bigint: true });
      return stat.ino ? `${stat.dev}:${stat.ino}` : fs.realpathSync(p);
    } catch {
      return p;
    }
  };
  const outId = identity(out);
  const seen = new Set<string>();
  for (const source of sources) {
    const id = identity(source);
    if (source === out || id === outId) throw new AppError('merge.outIsSource', { file: path.basename(out) });
    if (seen.has(id)) throw new AppError('merge.sourceTwice', { file: path.basename(source) });
    seen.add(id);
  }
}

/**
 * Copies a source into `dir` under its own name (so that messages name it) and opens the copy, which brings an
 * older schema up to date there. While a non-empty WAL sits beside the source (open in the app, or not closed
 * cleanly), the copy is taken through SQLite, read-only, so that answers still in the WAL come along.
 */
function openSource(source: string, dir: string): OpenedSource {
  const file = path.basename(source);
  if (!fs.existsSync(source) || !fs.statSync(source).isFile()) throw new AppError('project.notFound', { file });
  fs.mkdirSync(dir, { recursive: true });
  const copy = path.join(dir, file);
  const wal = `${source}-wal`;
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
    const live = openProjectDb(source, { readonly: true });
    try {
      fs.writeFileSync(copy, live.serialize());
    } finally {
      live.close();
    }
  } else {
    fs.copyFileSync(source, copy);
  }
  const db = openProjectDb(copy);
  if (!db.prepare('SELECT 1 FROM project WHERE id = 1').get()) {
    db.close();
    throw new AppError('project.notTiengNoi', { file });
  }
  return { file, copy, db };
}

interface Identity {
  uuid: string;
  formKeys: string[];
}

function identityOf(db: Db): Identity {
  return {
    uuid: (db.prepare('SELECT uuid FROM project WHERE id = 1').pluck().get() as string | undefined) ?? '',
    formKeys: db.prepare('SELECT form_key FROM form ORDER BY created_at, form_key').pluck().all() as string[],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The merge

function mergeInto(
  target: Db,
  targetFile: string,
  baseFile: string | null,
  sources: readonly OpenedSource[],
  actor: Actor,
  options: MergeOptions,
): MergeReport {
  const own = identityOf(target);
  const refused: MergeRefusal[] = [];
  const sameProject = new Map<OpenedSource, boolean>();
  for (const source of sources) {
    const theirs = identityOf(source.db);
    sameProject.set(source, theirs.uuid === own.uuid);
    const shares = theirs.formKeys.some((key) => own.formKeys.includes(key));
    if (theirs.uuid !== own.uuid && !shares && own.formKeys.length > 0 && theirs.formKeys.length > 0) {
      refused.push({ file: source.file, surveys: theirs.formKeys });
    }
  }
  if (refused.length > 0) {
    throw new MergeRefusedError(refused, {
      files: refused.map((r) => `${r.file} (${r.surveys.join(', ')})`).join('; '),
      target: baseFile ?? targetFile,
      surveys: own.formKeys.join(', '),
    });
  }

  const report: MergeReport = {
    out: targetFile,
    created: baseFile !== null,
    files: [],
    totals: emptyCounts(),
    surveysAdded: [],
    versions: [],
    conflicts: [],
    renumbered: [],
    codes: [],
    refused: [],
  };
  if (baseFile !== null) {
    const rows = target.prepare('SELECT count(*) FROM response').pluck().get() as number;
    report.files.push({ file: baseFile, role: 'base', sameProject: true, ...emptyCounts(), responses: rows, added: rows });
  }

  const merger = new Merger(target, baseFile ?? targetFile, actor, report);
  writeTransaction(target, () => {
    // A response may come before one it refers to (a second typing of a second typing): references are checked
    // when the merge commits, by which time every response is in (a dangling one still refuses the whole merge).
    target.pragma('defer_foreign_keys = ON');
    // The analysis counters are raised once per question touched, at the end, not once per answer row (issue 7).
    merger.changes.begin();
    sources.forEach((source, index) => {
      const counts = merger.mergeSource(source, (done, total) =>
        options.onProgress?.({ file: source.file, index: index + 1, files: sources.length, done, total }),
      );
      report.files.push({ file: source.file, role: 'merged', sameProject: sameProject.get(source)!, ...counts });
    });
    for (const file of report.files) for (const key of COUNT_KEYS) report.totals[key] += file[key];
    audit(target, actor, 'merge', 'project', '1', {
      files: report.files.map(({ file, role, responses, added, updated, duplicates, conflicts, renumbered, codesChanged }) => ({
        file,
        role,
        responses,
        added,
        updated,
        duplicates,
        conflicts,
        renumbered,
        codesChanged,
      })),
      created: report.created,
      surveysAdded: report.surveysAdded.map((s) => s.formKey),
      versionsAdded: report.versions.length,
    });
    target.prepare('UPDATE project SET updated_at = ? WHERE id = 1').run(now());
    merger.changes.finish();
  })();
  return report;
}

const COUNT_KEYS = ['responses', 'added', 'updated', 'duplicates', 'conflicts', 'replaced', 'renumbered', 'codesChanged'] as const satisfies readonly (keyof MergeCounts)[];

function emptyCounts(): MergeCounts {
  return { responses: 0, added: 0, updated: 0, duplicates: 0, conflicts: 0, replaced: 0, renumbered: 0, codesChanged: 0 };
}

interface VersionRow {
  id: number;
  version: number;
  status: 'draft' | 'published';
  title: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** The target's side of one survey: its versions, and the numbers and live paper codes its responses hold. */
interface FormState {
  id: string;
  formKey: string;
  versions: VersionRow[];
  /** Filled on first use (responses of this survey arrive). */
  numbers?: Set<number>;
  maxNumber: number;
  /** Paper code → uuid, for responses that are neither deleted nor second typings. */
  codes?: Map<string, string>;
}

interface ResponseRow {
  uuid: string;
  versionId: number;
  number: number;
  deviceId: string;
  status: 'draft' | 'complete';
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  deletedAt: string | null;
  deleteReason: string | null;
  paperCode: string | null;
  verifies: string | null;
  /** An imported response's file row, time and importer (JSON), carried along as its first history entry. */
  source: string | null;
}

/** answer rows as [question_name, value, state, answered_at] (NULL: when the response was created) */
type AnswerTuple = [string, string | null, 'answered' | 'refused', string | null];
/** audit rows as [at, actor, device_id, action, detail] */
type AuditTuple = [string, string, string, string, string];

const auditKey = (entry: AuditTuple) => entry.join('\u0000');

const answerReader = (db: Db) =>
  db.prepare(`SELECT question_name, value, state, answered_at FROM answer WHERE response_id = ${RESPONSE_ID} ORDER BY question_name`).raw();
const historyReader = (db: Db) =>
  db.prepare(`SELECT at, actor, device_id, action, detail FROM audit_log WHERE entity = 'response' AND entity_id = ? ORDER BY at, id`).raw();

const responseSelect = `SELECT uuid, form_version_id AS versionId, number, device_id AS deviceId, status, created_at AS createdAt,
  updated_at AS updatedAt, completed_at AS completedAt, deleted_at AS deletedAt, delete_reason AS deleteReason,
  paper_code AS paperCode, verifies, source FROM response`;

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Pictures of one file by name, hashed once. */
class MediaIndex {
  private readonly hashes = new Map<string, string | null>();
  constructor(private readonly db: Db) {}

  hash(name: string): string | null {
    if (!this.hashes.has(name)) {
      const data = this.db.prepare('SELECT data FROM media WHERE name = ?').pluck().get(name) as Buffer | undefined;
      this.hashes.set(name, data ? sha(data) : null);
    }
    return this.hashes.get(name)!;
  }

  row(name: string): { mime: string; data: Buffer; createdAt: string } | undefined {
    return this.db.prepare('SELECT mime, data, created_at AS createdAt FROM media WHERE name = ?').get(name) as
      | { mime: string; data: Buffer; createdAt: string }
      | undefined;
  }

  forget(name: string): void {
    this.hashes.delete(name);
  }
}

/** A version's content as one hash: title, questions and choices, pictures by their bytes. */
function fingerprint(db: Db, media: MediaIndex, versionId: number): string {
  const content: SurveyContent = readContent(db, versionId);
  const picture = (name: string | undefined) => (name === undefined ? undefined : (media.hash(name) ?? `missing:${name}`));
  const comparable = {
    title: content.title,
    questions: content.questions.map((q) => ({ ...q, image: picture(q.image) })),
    choiceLists: Object.fromEntries(
      Object.entries(content.choiceLists).map(([list, choices]) => [list, choices.map((c) => ({ ...c, image: picture(c.image) }))]),
    ),
  };
  return sha(canonicalJson(comparable));
}

class Merger {
  private readonly forms = new Map<string, FormState>();
  private readonly formOfVersion = new Map<number, FormState>();
  private readonly fingerprints = new Map<number, string>();
  private readonly media: MediaIndex;
  /** The file each response's current state in the target came from, when not the target's own. */
  private readonly origin = new Map<string, string>();
  private readonly insertAnswer;
  /** For a response just added, by the id it got: no look-up of its uuid per answer. */
  private readonly insertNewAnswer;
  private readonly insertAudit;
  /** The merge is one transaction: a key given by it is gone with the rest if it rolls back. */
  private readonly keys: AnswerKeys;
  private readonly findResponse;
  private readonly readAnswers;
  private readonly readHistory;
  /** What the merge wrote, for the analysis counters (see BulkChanges). */
  readonly changes: BulkChanges;

  constructor(
    private readonly db: Db,
    private readonly targetFile: string,
    private readonly actor: Actor,
    private readonly report: MergeReport,
  ) {
    this.media = new MediaIndex(db);
    this.insertAnswer = db.prepare(`INSERT INTO answer_value (response_id, key_id, value, state, answered_at) VALUES (${RESPONSE_ID}, ?, ?, ?, ?)`);
    this.insertNewAnswer = db.prepare('INSERT INTO answer_value (response_id, key_id, value, state, answered_at) VALUES (?, ?, ?, ?, ?)');
    this.keys = new AnswerKeys(db);
    this.insertAudit = db.prepare('INSERT INTO audit_log (at, actor, device_id, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.findResponse = db.prepare(`${responseSelect} WHERE uuid = ?`);
    this.readAnswers = answerReader(db);
    this.readHistory = historyReader(db);
    this.changes = new BulkChanges(db);
  }

  mergeSource(source: OpenedSource, progress: (done: number, total: number) => void): MergeCounts {
    const src = source.db;
    const counts = emptyCounts();
    const versionMap = this.mergeSurveys(source);

    // Paper responses before their second typings, each survey's in number order (renumbered ones keep their order).
    const rows = src.prepare(`${responseSelect} ORDER BY verifies IS NOT NULL, number, created_at, uuid`).all() as ResponseRow[];
    counts.responses = rows.length;
    const readAnswers = answerReader(src);
    const readAudit = historyReader(src);
    progress(0, rows.length);
    rows.forEach((row, index) => {
      const answers = readAnswers.all(row.uuid) as AnswerTuple[];
      const history = readAudit.all(row.uuid) as AuditTuple[];
      const versionId = versionMap.get(row.versionId);
      if (versionId === undefined) throw new AppError('internal');
      const existing = this.findResponse.get(row.uuid) as ResponseRow | undefined;
      if (existing) this.mergeExisting(source.file, existing, row, versionId, answers, history, counts);
      else this.addResponse(source.file, row, versionId, answers, history, counts);
      if ((index + 1) % 250 === 0) progress(index + 1, rows.length);
    });
    progress(rows.length, rows.length);
    this.mergeCoding(src);
    mergeSavedAnalyses(this.db, src);
    return counts;
  }

  // -- open-answer coding ----------------------------------------------------------------------------------------

  /**
   * Themes, codes and starred quotes of the open answers. Themes are known by their UUID: the same theme changed
   * in two files keeps its latest change; codes are added (an answer coded on two laptops keeps both sets); a quote
   * keeps its latest change. Surveys are matched by form_key, like responses.
   */
  private mergeCoding(src: Db): void {
    const formKeyOf = new Map(src.prepare('SELECT id, form_key AS formKey FROM form').all().map((f) => [(f as { id: string }).id, (f as { formKey: string }).formKey]));
    type Theme = { id: string; formId: string; questionName: string | null; parentId: string | null; label: string; position: number; createdAt: string; updatedAt: string; deletedAt: string | null };
    const themes = src
      .prepare(
        `SELECT id, form_id AS formId, question_name AS questionName, parent_id AS parentId, label, position, created_at AS createdAt,
           updated_at AS updatedAt, deleted_at AS deletedAt FROM coding_theme`,
      )
      .all() as Theme[];
    const upsert = this.db.prepare(
      `INSERT INTO coding_theme (id, form_id, question_name, parent_id, label, position, created_at, updated_at, deleted_at)
       VALUES (@id, @formId, @questionName, @parentId, @label, @position, @createdAt, @updatedAt, @deletedAt)
       ON CONFLICT (id) DO UPDATE SET question_name = excluded.question_name, parent_id = excluded.parent_id, label = excluded.label,
         position = excluded.position, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at
       WHERE excluded.updated_at > coding_theme.updated_at`,
    );
    // Parents before their children (the foreign key is checked row by row).
    const placed = new Set<string>(this.db.prepare('SELECT id FROM coding_theme').pluck().all() as string[]);
    let waiting = themes;
    while (waiting.length) {
      const ready = waiting.filter((t) => t.parentId === null || placed.has(t.parentId) || !themes.some((o) => o.id === t.parentId));
      if (!ready.length) throw new AppError('internal');
      for (const theme of ready) {
        const state = this.formState(formKeyOf.get(theme.formId) ?? '');
        if (!state) continue;
        if (theme.parentId !== null && !placed.has(theme.parentId)) continue;
        upsert.run({ ...theme, formId: state.id });
        placed.add(theme.id);
      }
      waiting = waiting.filter((t) => !ready.includes(t));
    }
    const assignments = src.prepare('SELECT response_uuid AS r, answer_key AS k, theme_id AS t, assigned_by AS b, device_id AS d, assigned_at AS a FROM coding_assignment').all() as Record<string, unknown>[];
    const assign = this.db.prepare(
      `INSERT INTO coding_assignment (response_uuid, answer_key, theme_id, assigned_by, device_id, assigned_at)
       SELECT @r, @k, @t, @b, @d, @a WHERE EXISTS (SELECT 1 FROM coding_theme WHERE id = @t) AND EXISTS (SELECT 1 FROM response WHERE uuid = @r)
       ON CONFLICT DO NOTHING`,
    );
    for (const row of assignments) assign.run(row);
    const quotes = src
      .prepare('SELECT response_uuid AS r, answer_key AS k, attributes, excerpt, starred_by AS b, device_id AS d, starred_at AS s, updated_at AS u FROM coding_quote')
      .all() as Record<string, unknown>[];
    const quote = this.db.prepare(
      `INSERT INTO coding_quote (response_uuid, answer_key, attributes, excerpt, starred_by, device_id, starred_at, updated_at)
       SELECT @r, @k, @attributes, @excerpt, @b, @d, @s, @u WHERE EXISTS (SELECT 1 FROM response WHERE uuid = @r)
       ON CONFLICT (response_uuid, answer_key) DO UPDATE SET attributes = excluded.attributes, excerpt = excluded.excerpt,
         starred_by = excluded.starred_by, device_id = excluded.device_id, updated_at = excluded.updated_at
       WHERE excluded.updated_at > coding_quote.updated_at`,
    );
    for (const row of quotes) quote.run(row);
  }

  // -- surveys and versions --------------------------------------------------------------------------------------

  private formState(formKey: string): FormState | undefined {
    let state = this.forms.get(formKey);
    if (state) return state;
    const form = this.db.prepare('SELECT id FROM form WHERE form_key = ?').pluck().get(formKey) as string | undefined;
    if (!form) return undefined;
    state = { id: form, formKey, versions: this.versionsOf(this.db, form), maxNumber: 0 };
    for (const version of state.versions) this.formOfVersion.set(version.id, state);
    this.forms.set(formKey, state);
    return state;
  }

  private versionsOf(db: Db, formId: string): VersionRow[] {
    return db
      .prepare(
        `SELECT id, version, status, title, created_at AS createdAt, updated_at AS updatedAt, published_at AS publishedAt
         FROM form_version WHERE form_id = ? ORDER BY version`,
      )
      .all(formId) as VersionRow[];
  }

  private targetFingerprint(versionId: number): string {
    let print = this.fingerprints.get(versionId);
    if (print === undefined) this.fingerprints.set(versionId, (print = fingerprint(this.db, this.media, versionId)));
    return print;
  }

  /** Matches or copies every survey and version of a source; returns the source's version ids → the target's. */
  private mergeSurveys(source: OpenedSource): Map<number, number> {
    const src = source.db;
    const srcMedia = new MediaIndex(src);
    const map = new Map<number, number>();
    const forms = src.prepare('SELECT id, form_key AS formKey, created_at AS createdAt, deleted_at AS deletedAt FROM form ORDER BY created_at, form_key').all() as {
      id: string;
      formKey: string;
      createdAt: string;
      deletedAt: string | null;
    }[];
    const hasResponses = src.prepare('SELECT 1 FROM response WHERE form_version_id = ? LIMIT 1').pluck();
    for (const form of forms) {
      let state = this.formState(form.formKey);
      const added = !state;
      if (!state) state = this.addForm(source, form);
      for (const version of this.versionsOf(src, form.id)) {
        // A draft holds no responses; it comes along only with a survey the target lacks.
        if (!added && version.status === 'draft' && !hasResponses.get(version.id)) continue;
        const print = fingerprint(src, srcMedia, version.id);
        const same =
          state.versions.find((v) => v.version === version.version && this.targetFingerprint(v.id) === print) ??
          state.versions.find((v) => this.targetFingerprint(v.id) === print);
        if (same) {
          if (same.status === 'draft' && version.status === 'published') {
            this.db.prepare(`UPDATE form_version SET status = 'published', published_at = ? WHERE id = ?`).run(version.publishedAt ?? now(), same.id);
            same.status = 'published';
          }
          map.set(version.id, same.id);
          continue;
        }
        const taken = state.versions.some((v) => v.version === version.version);
        const number = taken ? Math.max(...state.versions.map((v) => v.version)) + 1 : version.version;
        const id = this.copyVersion(src, srcMedia, version, state, number);
        this.fingerprints.set(id, print);
        map.set(version.id, id);
        if (!added) this.report.versions.push({ formKey: form.formKey, file: source.file, version: version.version, as: number, kind: taken ? 'renumbered' : 'added' });
      }
    }
    return map;
  }

  /** A survey the target lacks, with its history (creation, saves, publications). */
  private addForm(source: OpenedSource, form: { id: string; formKey: string; createdAt: string; deletedAt: string | null }): FormState {
    const idTaken = this.db.prepare('SELECT 1 FROM form WHERE id = ?').get(form.id);
    const id = idTaken ? randomUUID() : form.id;
    this.db.prepare('INSERT INTO form (id, form_key, created_at, deleted_at) VALUES (?, ?, ?, ?)').run(id, form.formKey, form.createdAt, form.deletedAt);
    const state: FormState = { id, formKey: form.formKey, versions: [], maxNumber: 0 };
    this.forms.set(form.formKey, state);
    const history = source.db
      .prepare(`SELECT at, actor, device_id, action, detail FROM audit_log WHERE entity = 'form' AND entity_id = ? ORDER BY at, id`)
      .raw()
      .all(form.id) as AuditTuple[];
    for (const [at, actor, deviceId, action, detail] of history) this.insertAudit.run(at, actor, deviceId, action, 'form', id, detail);
    this.report.surveysAdded.push({ formKey: form.formKey, file: source.file });
    return state;
  }

  private copyVersion(src: Db, srcMedia: MediaIndex, version: VersionRow, state: FormState, number: number): number {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO form_version (form_id, version, status, title, created_at, updated_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(state.id, number, version.status, version.title, version.createdAt, version.updatedAt, version.publishedAt).lastInsertRowid,
    );
    const questions = src
      .prepare('SELECT position, name, type, label, hint, required, list_name, props FROM question WHERE form_version_id = ? ORDER BY position')
      .raw()
      .all(version.id) as unknown[][];
    const insertQuestion = this.db.prepare(
      'INSERT INTO question (form_version_id, position, name, type, label, hint, required, list_name, props) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const row of questions) insertQuestion.run(id, ...row.slice(0, 7), this.withPictures(src, srcMedia, row[7] as string));
    const choices = src
      .prepare('SELECT list_name, position, name, label, props FROM choice WHERE form_version_id = ? ORDER BY list_name, position')
      .raw()
      .all(version.id) as unknown[][];
    const insertChoice = this.db.prepare('INSERT INTO choice (form_version_id, list_name, position, name, label, props) VALUES (?, ?, ?, ?, ?, ?)');
    for (const row of choices) insertChoice.run(id, ...row.slice(0, 4), this.withPictures(src, srcMedia, row[4] as string));
    const copied: VersionRow = { ...version, id, version: number };
    state.versions.push(copied);
    state.versions.sort((a, b) => a.version - b.version);
    this.formOfVersion.set(id, state);
    return id;
  }

  /** A question's or choice's props with its picture brought into the target (under another name if need be). */
  private withPictures(src: Db, srcMedia: MediaIndex, props: string): string {
    if (!props.includes('"image"')) return props;
    const parsed = JSON.parse(props) as { image?: unknown };
    if (typeof parsed.image !== 'string') return props;
    const name = this.bringPicture(srcMedia, parsed.image);
    return name === parsed.image ? props : JSON.stringify({ ...parsed, image: name });
  }

  private bringPicture(srcMedia: MediaIndex, name: string): string {
    const hash = srcMedia.hash(name);
    if (hash === null) return name; // missing in the source too: nothing to bring
    const here = this.media.hash(name);
    if (here === hash) return name;
    const row = srcMedia.row(name)!;
    let chosen = name;
    if (here !== null) {
      const sameBytes = this.db.prepare('SELECT name FROM media WHERE data = ?').pluck().get(row.data) as string | undefined;
      if (sameBytes) return sameBytes;
      const taken = this.db.prepare('SELECT name FROM media').pluck().all() as string[];
      const dot = name.lastIndexOf('.');
      const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
      const stems = taken.filter((n) => n.endsWith(extension)).map((n) => n.slice(0, n.length - extension.length));
      chosen = uniqueName(stem, stems) + extension;
    }
    this.db.prepare('INSERT INTO media (name, mime, data, created_at) VALUES (?, ?, ?, ?)').run(chosen, row.mime, row.data, row.createdAt);
    this.media.forget(chosen);
    return chosen;
  }

  // -- responses ------------------------------------------------------------------------------------------------

  /** The target's survey of a version, with its numbers and live codes read on first use. */
  private formOf(versionId: number): FormState {
    let state = this.formOfVersion.get(versionId);
    if (!state) {
      const formKey = this.db
        .prepare('SELECT f.form_key FROM form_version v JOIN form f ON f.id = v.form_id WHERE v.id = ?')
        .pluck()
        .get(versionId) as string | undefined;
      state = formKey === undefined ? undefined : this.formState(formKey);
      if (!state) throw new AppError('internal');
    }
    if (!state.numbers) {
      const rows = this.db
        .prepare(
          `SELECT r.uuid, r.number, r.paper_code AS paperCode, r.deleted_at AS deletedAt, r.verifies FROM response r
           JOIN form_version v ON v.id = r.form_version_id WHERE v.form_id = ?`,
        )
        .all(state.id) as Pick<ResponseRow, 'uuid' | 'number' | 'paperCode' | 'deletedAt' | 'verifies'>[];
      state.numbers = new Set();
      state.codes = new Map();
      for (const row of rows) {
        if (row.verifies) continue;
        state.numbers.add(row.number);
        state.maxNumber = Math.max(state.maxNumber, row.number);
        if (row.paperCode !== null && !row.deletedAt) state.codes.set(row.paperCode, row.uuid);
      }
    }
    return state;
  }

  /** `wanted`, or with the first free suffix (-2, -3…) when a live response of the survey holds it. */
  private freeCode(state: FormState, wanted: string, self: string): string {
    let code = wanted;
    for (let n = 2; state.codes!.has(code) && state.codes!.get(code) !== self; n++) code = `${wanted}-${n}`;
    return code;
  }

  private addResponse(file: string, row: ResponseRow, versionId: number, answers: AnswerTuple[], history: AuditTuple[], counts: MergeCounts): void {
    const state = this.formOf(versionId);
    let number = row.number;
    let code = row.paperCode;
    if (row.verifies) {
      // A second typing carries the code of the paper it checks, as it stands in the target.
      const primary = this.db.prepare('SELECT paper_code FROM response WHERE uuid = ?').pluck().get(row.verifies) as string | null | undefined;
      if (primary !== undefined) code = primary;
    } else {
      if (state.numbers!.has(number)) {
        number = state.maxNumber + 1;
        counts.renumbered++;
      }
      state.numbers!.add(number);
      state.maxNumber = Math.max(state.maxNumber, number);
      const automatic = code !== null && (code === String(row.number) || (code.startsWith(`${row.number}-`) && /^\d+-\d+$/.test(code)));
      if (code !== null && automatic && number !== row.number) code = String(number);
      if (code !== null && !row.deletedAt) {
        const free = this.freeCode(state, code, row.uuid);
        if (free !== code && !automatic) {
          counts.codesChanged++;
          this.report.codes.push({ formKey: state.formKey, file, responseId: row.uuid, number, from: code, to: free });
        }
        code = free;
        state.codes!.set(code, row.uuid);
      }
      if (number !== row.number) {
        this.report.renumbered.push({ formKey: state.formKey, file, responseId: row.uuid, from: row.number, to: number, paperCode: code });
      }
    }
    const { lastInsertRowid: id } = this.db
      .prepare(
        `INSERT INTO response (uuid, form_version_id, number, device_id, status, created_at, updated_at, completed_at, deleted_at, delete_reason, paper_code, verifies, source, changed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.uuid, versionId, number, row.deviceId, row.status, row.createdAt, row.updatedAt, row.completedAt, row.deletedAt, row.deleteReason, code, row.verifies, row.source, this.changes.seq);
    for (const [key, value, state, answeredAt] of answers) {
      this.insertNewAnswer.run(id, this.keys.id(key), value, state, answeredAt);
      this.changes.answer(key);
    }
    this.changes.response();
    for (const entry of history) this.insertAudit.run(entry[0], entry[1], entry[2], entry[3], 'response', row.uuid, entry[4]);
    this.origin.set(row.uuid, file);
    counts.added++;
  }

  private mergeExisting(
    file: string,
    existing: ResponseRow,
    incoming: ResponseRow,
    versionId: number,
    answers: AnswerTuple[],
    history: AuditTuple[],
    counts: MergeCounts,
  ): void {
    const theirs = new Map(answers.map(([key, value, state]) => [key, { value, refused: state === 'refused' }]));
    const oursRows = this.readAnswers.all(existing.uuid) as AnswerTuple[];
    const ours = new Map(oursRows.map(([key, value, state]) => [key, { value, refused: state === 'refused' }]));
    const ourHistory = this.readHistory.all(existing.uuid) as AuditTuple[];

    const differing = [...new Set([...ours.keys(), ...theirs.keys()])].sort().filter((key) => {
      const a = ours.get(key);
      const b = theirs.get(key);
      return a?.value !== b?.value || Boolean(a?.refused) !== Boolean(b?.refused);
    });
    const statusDiffers = existing.status !== incoming.status;
    const deletionDiffers = (existing.deletedAt === null) !== (incoming.deletedAt === null);
    const ourChange = lastChange(existing, ourHistory);
    const theirChange = lastChange(incoming, history);

    // The history of both copies is kept: rows the target lacks are added.
    const known = new Set(ourHistory.map(auditKey));
    const theirKeys = new Set(history.map(auditKey));
    for (const entry of history) {
      if (known.has(auditKey(entry))) continue;
      this.insertAudit.run(entry[0], entry[1], entry[2], entry[3], 'response', existing.uuid, entry[4]);
    }

    if (differing.length === 0 && !statusDiffers && !deletionDiffers) {
      counts.duplicates++;
      return;
    }
    // An older state that an earlier merge already weighed (kept or recorded) is not a new conflict: merging the
    // same files again adds nothing.
    const theirState = stateHash(theirs, incoming);
    if (theirChange <= ourChange && seenStates(ourHistory).has(theirState)) {
      counts.duplicates++;
      return;
    }
    // One copy changed and the other did not: the unchanged one is an earlier state of the other, whose history holds
    // every change the earlier one went through. Every change of a complete response is audited (corrections,
    // deletion, restore), so this is known for sure of complete responses (not of drafts, nor of second typings).
    const plain = !existing.verifies && existing.status === 'complete' && incoming.status === 'complete';
    if (plain && theirChange <= ourChange && history.every((entry) => entry[3] === 'merge-conflict' || known.has(auditKey(entry)))) {
      counts.duplicates++;
      return;
    }
    if (plain && theirChange >= ourChange && ourHistory.every((entry) => entry[3] === 'merge-conflict' || theirKeys.has(auditKey(entry)))) {
      this.takeTheirs(file, existing, incoming, versionId, answers, deletionDiffers, counts);
      counts.updated++;
      return;
    }

    counts.conflicts++;
    const theirsWin = theirChange > ourChange;
    const ourState = stateHash(ours, existing);
    const ourFile = this.origin.get(existing.uuid) ?? this.targetFile;
    const [kept, other] = theirsWin ? [theirs, ours] : [ours, theirs];
    const [keptRow, otherRow] = theirsWin ? [incoming, existing] : [existing, incoming];
    const keptFile = theirsWin ? file : ourFile;
    const otherFile = theirsWin ? ourFile : file;
    const [keptAt, otherAt] = theirsWin ? [theirChange, ourChange] : [ourChange, theirChange];

    let paperCode = existing.paperCode;
    if (theirsWin) {
      counts.replaced++;
      paperCode = this.takeTheirs(file, existing, incoming, versionId, answers, deletionDiffers, counts);
    }

    const answerDiffs = differing.map((question) => {
      const a = kept.get(question);
      const b = other.get(question);
      return {
        question,
        kept: a?.value ?? null,
        other: b?.value ?? null,
        ...(a?.refused ? { keptRefused: true } : {}),
        ...(b?.refused ? { otherRefused: true } : {}),
      };
    });
    audit(this.db, this.actor, 'merge-conflict', 'response', existing.uuid, {
      file,
      keptFile,
      otherFile,
      keptUpdatedAt: keptAt,
      otherUpdatedAt: otherAt,
      keptState: theirsWin ? theirState : ourState,
      otherState: theirsWin ? ourState : theirState,
      answers: answerDiffs,
      ...(statusDiffers ? { status: { kept: keptRow.status, other: otherRow.status } } : {}),
      ...(deletionDiffers
        ? { deleted: { kept: keptRow.deletedAt, other: otherRow.deletedAt, keptReason: keptRow.deleteReason, otherReason: otherRow.deleteReason } }
        : {}),
    });
    const state = this.formOf(existing.versionId);
    this.report.conflicts.push({
      formKey: state.formKey,
      number: existing.number,
      paperCode,
      responseId: existing.uuid,
      keptFile,
      otherFile,
      keptUpdatedAt: keptAt,
      otherUpdatedAt: otherAt,
      questions: differing,
      statusDiffers,
      deletionDiffers,
    });
  }

  /** Replaces the target's state of a response with the file's (answers, status, deletion); returns its paper code. */
  private takeTheirs(
    file: string,
    existing: ResponseRow,
    incoming: ResponseRow,
    versionId: number,
    answers: AnswerTuple[],
    deletionDiffers: boolean,
    counts: MergeCounts,
  ): string | null {
    for (const [key] of this.readAnswers.all(existing.uuid) as AnswerTuple[]) this.changes.answer(key);
    this.db.prepare(`DELETE FROM answer_value WHERE response_id = ${RESPONSE_ID}`).run(existing.uuid);
    for (const [key, value, state, answeredAt] of answers) {
      this.insertAnswer.run(existing.uuid, this.keys.id(key), value, state, answeredAt);
      this.changes.answer(key);
    }
    this.changes.response();
    const sameSurvey = this.formOf(versionId) === this.formOf(existing.versionId);
    this.db
      .prepare(`UPDATE response SET form_version_id = ?, status = ?, updated_at = ?, completed_at = ?, deleted_at = ?, delete_reason = ?, changed = ? WHERE uuid = ?`)
      .run(sameSurvey ? versionId : existing.versionId, incoming.status, incoming.updatedAt, incoming.completedAt, incoming.deletedAt, incoming.deleteReason, this.changes.seq, existing.uuid);
    this.origin.set(existing.uuid, file);
    if (deletionDiffers && !existing.verifies && existing.paperCode !== null) {
      return this.codeAfterDeletionChange(file, existing, incoming.deletedAt === null, counts);
    }
    return existing.paperCode;
  }

  /** A response deleted or restored by the merge gives up or takes back its paper code (suffixed if taken meanwhile). */
  private codeAfterDeletionChange(file: string, existing: ResponseRow, live: boolean, counts: MergeCounts): string | null {
    const state = this.formOf(existing.versionId);
    const code = existing.paperCode!;
    if (!live) {
      if (state.codes!.get(code) === existing.uuid) state.codes!.delete(code);
      return code;
    }
    const free = this.freeCode(state, code, existing.uuid);
    state.codes!.set(free, existing.uuid);
    if (free !== code) {
      this.db.prepare('UPDATE response SET paper_code = ? WHERE uuid = ?').run(free, existing.uuid);
      this.db.prepare('UPDATE response SET paper_code = ? WHERE verifies = ?').run(free, existing.uuid);
      counts.codesChanged++;
      this.report.codes.push({ formKey: state.formKey, file, responseId: existing.uuid, number: existing.number, from: code, to: free });
    }
    return free;
  }
}

type AnswerStates = ReadonlyMap<string, { value: string | null; refused: boolean }>;

/** One state of a response (answers with refusals, status, deletion) as a hash, to know it again in a later merge. */
function stateHash(answers: AnswerStates, row: ResponseRow): string {
  const entries = [...answers.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha(canonicalJson({ answers: entries.map(([key, a]) => [key, a.value, a.refused]), status: row.status, deleted: row.deletedAt !== null }));
}

/** The states earlier merges recorded for a response, from its `merge-conflict` audit rows. */
function seenStates(history: readonly AuditTuple[]): Set<string> {
  const seen = new Set<string>();
  for (const [, , , action, detail] of history) {
    if (action !== 'merge-conflict') continue;
    const { keptState, otherState } = JSON.parse(detail) as { keptState?: unknown; otherState?: unknown };
    for (const state of [keptState, otherState]) if (typeof state === 'string') seen.add(state);
  }
  return seen;
}

/**
 * When a response was last changed: its `updated_at` (every answer written), its deletion, or its last audited change
 * (a restore moves no time column). Conflict records of earlier merges are not changes of the response.
 */
function lastChange(row: ResponseRow, history: readonly AuditTuple[]): string {
  let latest = row.updatedAt;
  if (row.deletedAt && row.deletedAt > latest) latest = row.deletedAt;
  for (const [at, , , action] of history) if (action !== 'merge-conflict' && at > latest) latest = at;
  return latest;
}
