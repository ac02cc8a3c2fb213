/**
 * The answers of one open question in the order the coding screen lists them, held in memory so that a page or a
 * search does not walk every response again (at 100 000 responses that walk took over a second a call).
 *
 * What is held: each counted answer's response, number, key and text, and the text folded for search (made on
 * the first search). It is fresh while the analysis counters (migration 005) of the question (`q:<name>`) and of
 * the set of responses (`rows`) are unchanged: the triggers raise them on every write, by any connection. When they
 * moved only because responses were added after those it holds (a paper typed, an import: migration 010 tells,
 * see counted.ts), the answers of those are read and put after the others, instead of every answer again (at a
 * million responses, 4.6 s). What those counters do not follow is read per page instead: paper codes, themes and
 * stars.
 *
 * Held per open database (a WeakMap on the Db), so closing the project lets it go.
 */
import { fold } from '../../core/text/vietnamese';
import type { Db } from './open';
import { unchangedUpTo } from './counted';
import { readTransaction } from './transaction';
import { lastCountedId } from '../analysis/answer-reader';

export interface IndexedAnswer {
  responseId: string;
  number: number;
  key: string;
  text: string;
}

export interface AnswerIndex {
  answers: IndexedAnswer[];
  /** `answers[i]`'s text folded (no tone marks, lower case), made on the first search. */
  folded: string[] | null;
}

interface Held {
  stamp: string;
  /** The change sequence the answers were read at, and the highest id of the survey's counted responses then. */
  seq: number;
  last: number;
  index: AnswerIndex;
}

const held = new WeakMap<Db, Map<string, Held>>();

/**
 * The question's answers as `load` reads them (in listing order: by response number), from memory while the
 * counters are unchanged. `load(after)` runs the query (coding-store.ts owns it, beside the other queries on answers
 * of a question): every answer, or only those of the responses whose id is above `after`.
 */
export function answerIndex(db: Db, surveyId: string, question: string, load: (after: number | null) => IndexedAnswer[]): AnswerIndex {
  // One snapshot: the import's writing thread may commit between two of these reads.
  return readTransaction(db, () => {
    const counters = new Map(db.prepare(`SELECT scope, version FROM analysis_change WHERE scope IN ('rows', 'seq', 'removed', ?)`).raw().all(`q:${question}`) as [string, number][]);
    const stamp = `rows=${counters.get('rows') ?? 0} q=${counters.get(`q:${question}`) ?? 0}`;
    let perDb = held.get(db);
    if (!perDb) held.set(db, (perDb = new Map()));
    const name = `${surveyId}\n${question}`;
    const cached = perDb.get(name);
    if (cached && cached.stamp === stamp) return cached.index;
    const seq = counters.get('seq') ?? 0;
    const last = lastCountedId(db, surveyId);
    const index = (cached && extended(db, cached, counters.get('removed') ?? 0, load)) ?? { answers: load(null), folded: null };
    perDb.set(name, { stamp, seq, last, index });
    return index;
  })();
}

/** The held answers followed by those of the responses after them; null when they cannot simply follow. */
function extended(db: Db, cached: Held, removed: number, load: (after: number | null) => IndexedAnswer[]): AnswerIndex | null {
  if (!unchangedUpTo(db, cached.seq, cached.last, removed)) return null;
  const newer = load(cached.last);
  const { answers, folded } = cached.index;
  // Listing order is by number: a response numbered before one held (typed during an import) goes back to a full read.
  if (newer.length && answers.length && newer[0]!.number < answers.at(-1)!.number) return null;
  return { answers: answers.concat(newer), folded: folded && folded.concat(newer.map((answer) => fold(answer.text))) };
}

/** The folded texts of the index, made once. */
export function foldedTexts(index: AnswerIndex): string[] {
  return (index.folded ??= index.answers.map((answer) => fold(answer.text)));
}
