/**
 * What the search of the responses list looks through: every answer of every response of a survey, folded (tone
 * marks gone, lower case), a choice with its labels in both languages; held per open database (a WeakMap on the
 * Db), so closing the project lets it go.
 *
 * - Built when the list first opens (`prepareSearch`), a page at a time with the app's other work let in between,
 *   or at the first search with words if that comes first: every answer read once, in pages (answer-reader.ts).
 *   At 100 000 responses about 4 s; it was 30 s, read as one row per answer, with a preview of every response
 *   made in both languages.
 * - Kept fresh by the change sequence (migration 010): every write of an answer, by any connection, marks its
 *   response with the sequence (a bulk writer puts it there itself), so only the responses marked since the last
 *   search are read again. A response removed leaves its entry behind, which matches nothing the list shows (the
 *   list's query names the survey's own responses).
 * - A word matches within one answer, never across two. Short answers (a choice with its labels, a number, a date)
 *   are kept once and shared by number between the responses that gave them, which keeps the entries of 100 000
 *   responses to tens of megabytes and lets a search test each distinct one once.
 */
import { answerSearchText } from '../../core/survey/answer-text';
import { parseAnswerKey } from '../../core/survey/instances';
import type { Question, SurveyContent } from '../../core/survey/model';
import { fold } from '../../core/text/vietnamese';
import { readResponseAnswers, readSurveyAnswers, type StoredAnswers } from '../analysis/answer-reader';
import type { Db } from './open';
import { readContent } from './survey-store';
import { readTransaction } from './transaction';

/** A survey version prepared for reading answers: each question by name, with its place in the survey. */
export interface VersionIndex {
  survey: SurveyContent;
  byName: Map<string, { question: Question; position: number }>;
  /** Answer keys ("age", "child_name[2]") to their question, as met. */
  byKey: Map<string, Question | undefined>;
}

interface Entry {
  /** The response's short answers (choices with their labels, numbers, dates), as ids into `SurveyIndex.pieces`. */
  shared: number[];
  /** Its longer answers (texts), folded. */
  own: string[];
}

interface SurveyIndex {
  /** The change sequence the entries were read at. */
  seq: number;
  entries: Map<number, Entry>;
  /** Every distinct short answer met, folded; a search tests each once. */
  pieces: string[];
  pieceIds: Map<string, number>;
}

const indexes = new WeakMap<Db, Map<string, SurveyIndex>>();
/** Above this many responses to read again, reading the whole survey in pages beats one query each. */
const BULK_READ = 200;
/** An answer up to this long (a number, a date, a code) is shared between the responses that gave it. */
const SHORT_ANSWER = 16;
/** Responses read between two pauses of a build that lets other work in (about 0.1 s at 100 000 responses). */
const YIELD_EVERY = 1000;

/**
 * The row ids of the survey's responses (any status) holding every word in some answer. Waits for a first build
 * under way (`prepareSearch`) rather than start another.
 */
export async function idsWithWords(db: Db, surveyId: string, words: readonly string[]): Promise<number[]> {
  await prepareSearch(db, surveyId);
  const { entries, pieces } = await refreshed(db, surveyId, false);
  const hits = words.map((word) => Uint8Array.from(pieces, (piece) => (piece.includes(word) ? 1 : 0)));
  const ids: number[] = [];
  for (const [id, { shared, own }] of entries) {
    if (words.every((word, w) => shared.some((piece) => hits[w]![piece] === 1) || own.some((text) => text.includes(word)))) ids.push(id);
  }
  return ids;
}

/** Whether the survey's index is made (it may still want the responses changed since). */
export function searchIndexMade(db: Db, surveyId: string): boolean {
  return indexes.get(db)?.has(surveyId) ?? false;
}

/** First builds under way, per survey. */
const building = new WeakMap<Db, Map<string, Promise<SurveyIndex>>>();

/**
 * Builds the survey's index if it has none, a page of responses at a time with the app's other work let in
 * between, so that the list can ask for it as it opens (the first search then finds it ready) without holding the
 * window still for the seconds it takes.
 */
export function prepareSearch(db: Db, surveyId: string): Promise<unknown> {
  if (indexes.get(db)?.has(surveyId)) return Promise.resolve();
  let perDb = building.get(db);
  if (!perDb) building.set(db, (perDb = new Map()));
  let build = perDb.get(surveyId);
  if (!build) {
    build = refreshed(db, surveyId, true).finally(() => perDb.delete(surveyId));
    perDb.set(surveyId, build);
  }
  return build;
}

/**
 * The survey's index with the responses marked since it was read read again (all of them the first time).
 * `yielding`: let other work in between pages of a bulk read.
 */
async function refreshed(db: Db, surveyId: string, yielding: boolean): Promise<SurveyIndex> {
  let perDb = indexes.get(db);
  if (!perDb) indexes.set(db, (perDb = new Map()));
  const held = perDb.get(surveyId);
  // One snapshot: the sequence, then the responses marked after the one held.
  const { seq, stale } = readTransaction(db, () => {
    const now = (db.prepare(`SELECT version FROM analysis_change WHERE scope = 'seq'`).pluck().get() as number | undefined) ?? 0;
    if (held && held.seq === now) return { seq: now, stale: [] };
    const marked = held ? 'AND r.changed > ?' : '';
    const rows = db
      .prepare(`SELECT r.id, r.form_version_id FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE v.form_id = ? ${marked}`)
      .raw()
      .all(surveyId, ...(held ? [held.seq] : [])) as [number, number][];
    return { seq: now, stale: rows };
  })();
  // A first build fills an index of its own, put in place when it is whole.
  const index = held ?? { seq, entries: new Map(), pieces: [], pieceIds: new Map() };
  const maker = new EntryMaker(db, index);
  if (stale.length > BULK_READ) {
    const versionOf = new Map(stale);
    let read = 0;
    for (const [id, { answers }] of readSurveyAnswers(db, surveyId)) {
      const versionId = versionOf.get(id);
      if (versionId !== undefined) index.entries.set(id, maker.entry(versionId, answers));
      if (yielding && ++read % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } else {
    for (const [id, versionId] of stale) index.entries.set(id, maker.entry(versionId, readResponseAnswers(db, id).answers));
  }
  index.seq = seq;
  perDb.set(surveyId, index);
  return index;
}

/** Makes the entries of one refresh: each version read once, each choice's labels looked up and folded once. */
class EntryMaker {
  private readonly versions = new Map<number, VersionIndex>();
  private readonly choicePieces = new WeakMap<Question, Map<string, number>>();

  constructor(
    private readonly db: Db,
    private readonly index: SurveyIndex,
  ) {}

  entry(versionId: number, answers: StoredAnswers['answers']): Entry {
    const version = versionIndex(this.db, this.versions, versionId);
    const shared: number[] = [];
    const own: string[] = [];
    for (const key in answers) {
      const value = answers[key];
      if (!value) continue;
      const question = questionOf(version, key);
      if (question && isChoice(question)) {
        let known = this.choicePieces.get(question);
        if (!known) this.choicePieces.set(question, (known = new Map()));
        let id = known.get(value);
        if (id === undefined) known.set(value, (id = this.pieceId(fold(answerSearchText(version.survey, question, value)))));
        shared.push(id);
      } else if (value.length <= SHORT_ANSWER) {
        shared.push(this.pieceId(fold(value)));
      } else {
        own.push(fold(value));
      }
    }
    return { shared, own };
  }

  private pieceId(piece: string): number {
    const { pieces, pieceIds } = this.index;
    let id = pieceIds.get(piece);
    if (id === undefined) pieceIds.set(piece, (id = pieces.push(piece) - 1));
    return id;
  }
}

function isChoice(question: Question): boolean {
  return question.type === 'select_one' || question.type === 'select_multiple' || question.type === 'rank';
}

/** The version's index, made once per call of the caller (`versions` holds them). */
export function versionIndex(db: Db, versions: Map<number, VersionIndex>, versionId: number): VersionIndex {
  let version = versions.get(versionId);
  if (!version) {
    const survey = readContent(db, versionId);
    version = { survey, byName: new Map(survey.questions.map((question, position) => [question.name, { question, position }])), byKey: new Map() };
    versions.set(versionId, version);
  }
  return version;
}

function questionOf(version: VersionIndex, key: string): Question | undefined {
  if (!version.byKey.has(key)) version.byKey.set(key, version.byName.get(nameOf(key))?.question);
  return version.byKey.get(key);
}

/** The question name of an answer key: `sib_age[2]` → `sib_age`. */
export function nameOf(key: string): string {
  return parseAnswerKey(key)?.name ?? key;
}
