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
 *   are kept once and shared by number between the responses that gave them, which lets a search test each
 *   distinct one once; each response's entry is one string (about 25 MB at 100 000 responses, 240 MB at a million).
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

/**
 * A response's answers as the search reads them, in one flat string: its first character says how many characters
 * of piece ids follow (its short answers: ids into `SurveyIndex.pieces`, one character each, two past 57 341), then
 * its longer answers folded, each after a TEXT_SEPARATOR, so that a word never matches across two answers. An
 * object with an array of ids and an array of texts took about 1.3 kB a response (1.3 GB at a million); this takes
 * a few hundred bytes.
 */
type Entry = string;
const TEXT_SEPARATOR = '\u0001';
/** Piece ids below this take one character (the id + 2, clear of the separator); others two, the first from 0xE000. */
const ONE_CHAR_IDS = 0xe000 - 2;

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
export async function idsWithWords(db: Db, surveyId: string, words: readonly string[], onProgress?: BuildProgress): Promise<number[]> {
  await prepareSearch(db, surveyId, onProgress);
  const { entries, pieces } = await refreshed(db, surveyId, null);
  const hits = words.map((word) => Uint8Array.from(pieces, (piece) => (piece.includes(word) ? 1 : 0)));
  const ids: number[] = [];
  for (const [id, entry] of entries) {
    if (words.every((word, w) => entryHas(entry, word, hits[w]!))) ids.push(id);
  }
  return ids;
}

/** An entry of these piece ids and folded texts. */
export function makeEntry(pieceIds: readonly number[], texts: readonly string[]): Entry {
  const codes: number[] = [];
  for (const id of pieceIds) {
    if (id < ONE_CHAR_IDS) codes.push(id + 2);
    else codes.push(0xe000 + (id >>> 16), id & 0xffff);
  }
  // join() makes a flat string (one made with + keeps its parts until it is first read).
  return [String.fromCharCode(codes.length, ...codes), ...texts.map((text) => TEXT_SEPARATOR + text)].join('');
}

/** Whether the entry holds the word: in one of its pieces (`hits[id]` 1 when that piece holds it), or in one text. */
export function entryHas(entry: Entry, word: string, hits: Uint8Array): boolean {
  const ownStart = 1 + entry.charCodeAt(0);
  for (let i = 1; i < ownStart; i++) {
    const c = entry.charCodeAt(i);
    const piece = c >= 0xe000 ? ((c - 0xe000) << 16) | entry.charCodeAt(++i) : c - 2;
    if (hits[piece] === 1) return true;
  }
  return entry.indexOf(word, ownStart) >= 0;
}

/** Whether the survey's index is made (it may still want the responses changed since). */
export function searchIndexMade(db: Db, surveyId: string): boolean {
  return indexes.get(db)?.has(surveyId) ?? false;
}

/** Told as a first build reads the survey's responses: how many so far, of how many. */
export type BuildProgress = (done: number, total: number) => void;

/** First builds under way, per survey, and whoever wants to hear how far each got. */
const building = new WeakMap<Db, Map<string, { done: Promise<SurveyIndex>; listeners: Set<BuildProgress> }>>();

/**
 * Builds the survey's index if it has none, a page of responses at a time with the app's other work let in
 * between, so that the list can ask for it as it opens (the first search then finds it ready) without holding the
 * window still for the seconds it takes (half a minute at a million responses). `onProgress` hears how far the
 * build got, whoever began it: a search that waits for it can show a bar.
 */
export function prepareSearch(db: Db, surveyId: string, onProgress?: BuildProgress): Promise<unknown> {
  if (indexes.get(db)?.has(surveyId)) return Promise.resolve();
  let perDb = building.get(db);
  if (!perDb) building.set(db, (perDb = new Map()));
  let build = perDb.get(surveyId);
  if (!build) {
    // Listening before the build begins: its first page is read before it first lets other work in.
    const listeners = new Set<BuildProgress>(onProgress ? [onProgress] : []);
    const tell: BuildProgress = (done, total) => listeners.forEach((listener) => listener(done, total));
    build = { done: refreshed(db, surveyId, tell).finally(() => perDb.delete(surveyId)), listeners };
    perDb.set(surveyId, build);
  } else if (onProgress) build.listeners.add(onProgress);
  return build.done;
}

/**
 * The survey's index with the responses marked since it was read read again (all of them the first time).
 * `firstBuild`: the first build's progress; it lets other work in between pages of a bulk read and says how far it got.
 */
async function refreshed(db: Db, surveyId: string, firstBuild: BuildProgress | null): Promise<SurveyIndex> {
  let perDb = indexes.get(db);
  if (!perDb) indexes.set(db, (perDb = new Map()));
  const held = perDb.get(surveyId);
  // One snapshot: the sequence, then the responses marked after the one held.
  const from = `FROM response r JOIN form_version v ON v.id = r.form_version_id WHERE v.form_id = ?`;
  const { seq, all, stale } = readTransaction(db, () => {
    const now = (db.prepare(`SELECT version FROM analysis_change WHERE scope = 'seq'`).pluck().get() as number | undefined) ?? 0;
    // A first build reads every response: only how many (a million [id, version] pairs held 100 MB through it).
    if (!held) return { seq: now, all: db.prepare(`SELECT count(*) ${from}`).pluck().get(surveyId) as number, stale: [] };
    if (held.seq === now) return { seq: now, all: 0, stale: [] };
    return { seq: now, all: 0, stale: db.prepare(`SELECT r.id, r.form_version_id ${from} AND r.changed > ?`).raw().all(surveyId, held.seq) as [number, number][] };
  })();
  // A first build fills an index of its own, put in place when it is whole.
  const index = held ?? { seq, entries: new Map(), pieces: [], pieceIds: new Map() };
  const maker = new EntryMaker(db, index);
  if (all > 0) {
    let read = 0;
    for (const [id, { answers }, versionId] of readSurveyAnswers(db, surveyId)) {
      index.entries.set(id, maker.entry(versionId, answers));
      if (firstBuild && ++read % YIELD_EVERY === 0) {
        firstBuild(read, all);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } else if (stale.length > BULK_READ) {
    const staleIds = new Set(stale.map(([id]) => id));
    for (const [id, { answers }, versionId] of readSurveyAnswers(db, surveyId)) {
      if (staleIds.has(id)) index.entries.set(id, maker.entry(versionId, answers));
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
    return makeEntry(shared, own);
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
