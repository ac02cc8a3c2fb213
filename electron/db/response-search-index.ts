/**
 * What the search of the responses list looks through: every answer of every response of a survey, folded (tone
 * marks gone, lower case), a choice with its labels in both languages; held per open database (a WeakMap on the
 * Db), so closing the project lets it go.
 *
 * - Built at the first search with words (the list alone needs none): every answer read once, in pages
 *   (answer-reader.ts). At 100 000 responses about 4 s; it was 30 s, read as one row per answer, with a preview
 *   of every response made in both languages.
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

/** The row ids of the survey's responses (any status) holding every word in some answer. */
export function idsWithWords(db: Db, surveyId: string, words: readonly string[]): number[] {
  const { entries, pieces } = searchIndex(db, surveyId);
  const hits = words.map((word) => Uint8Array.from(pieces, (piece) => (piece.includes(word) ? 1 : 0)));
  const ids: number[] = [];
  for (const [id, { shared, own }] of entries) {
    if (words.every((word, w) => shared.some((piece) => hits[w]![piece] === 1) || own.some((text) => text.includes(word)))) ids.push(id);
  }
  return ids;
}

function searchIndex(db: Db, surveyId: string): SurveyIndex {
  let perDb = indexes.get(db);
  if (!perDb) indexes.set(db, (perDb = new Map()));
  let index = perDb.get(surveyId);
  // One snapshot: the sequence, then the responses marked after the one held.
  const { seq, stale } = readTransaction(db, () => {
    const now = (db.prepare(`SELECT version FROM analysis_change WHERE scope = 'seq'`).pluck().get() as number | undefined) ?? 0;
    if (index && index.seq === now) return { seq: now, stale: [] };
    const marked = index ? 'AND r.changed > ?' : '';
    const rows = db
      .prepare(`SELECT r.id, r.form_version_id FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE v.form_id = ? ${marked}`)
      .raw()
      .all(surveyId, ...(index ? [index.seq] : [])) as [number, number][];
    return { seq: now, stale: rows };
  })();
  if (!index) perDb.set(surveyId, (index = { seq, entries: new Map(), pieces: [], pieceIds: new Map() }));
  index.seq = seq;
  if (stale.length === 0) return index;

  const { entries, pieces, pieceIds } = index;
  const versionOf = new Map(stale);
  const versions = new Map<number, VersionIndex>();
  // A choice's piece by question and value, so its labels are looked up and folded once.
  const choicePieces = new WeakMap<Question, Map<string, number>>();
  const pieceId = (piece: string) => {
    let id = pieceIds.get(piece);
    if (id === undefined) pieceIds.set(piece, (id = pieces.push(piece) - 1));
    return id;
  };
  const entry = (versionId: number, answers: StoredAnswers['answers']): Entry => {
    const version = versionIndex(db, versions, versionId);
    const shared: number[] = [];
    const own: string[] = [];
    for (const key in answers) {
      const value = answers[key];
      if (!value) continue;
      const question = questionOf(version, key);
      if (question && isChoice(question)) {
        let known = choicePieces.get(question);
        if (!known) choicePieces.set(question, (known = new Map()));
        let id = known.get(value);
        if (id === undefined) known.set(value, (id = pieceId(fold(answerSearchText(version.survey, question, value)))));
        shared.push(id);
      } else if (value.length <= SHORT_ANSWER) {
        shared.push(pieceId(fold(value)));
      } else {
        own.push(fold(value));
      }
    }
    return { shared, own };
  };
  if (stale.length > BULK_READ) {
    for (const [id, { answers }] of readSurveyAnswers(db, surveyId)) {
      const versionId = versionOf.get(id);
      if (versionId !== undefined) entries.set(id, entry(versionId, answers));
    }
  } else {
    for (const [id, versionId] of stale) entries.set(id, entry(versionId, readResponseAnswers(db, id).answers));
  }
  return index;
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
