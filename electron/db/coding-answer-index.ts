/**
 * The answers of one open question in the order the coding screen lists them, held in memory so that a page or a
 * search does not walk every response again (at 100 000 responses that walk took over a second a call).
 *
 * What is held: each counted answer's response, number, key and text, and the text folded for search (made on
 * the first search). It is fresh while the analysis counters (migration 005) of the question (`q:<name>`) and of
 * the set of responses (`rows`) are unchanged: the triggers raise them on every write, by any connection. What
 * those counters do not follow is read per page instead: paper codes, themes and stars.
 *
 * Held per open database (a WeakMap on the Db), so closing the project lets it go.
 */
import { fold } from '../../core/text/vietnamese';
import type { Db } from './open';

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

const held = new WeakMap<Db, Map<string, { stamp: string; index: AnswerIndex }>>();

/**
 * The question's answers as `load` reads them (in listing order), from memory while the counters are unchanged.
 * `load` runs the query (coding-store.ts owns it, beside the other queries on answers of a question).
 */
export function answerIndex(db: Db, surveyId: string, question: string, load: () => IndexedAnswer[]): AnswerIndex {
  const counters = db.prepare(`SELECT scope, version FROM analysis_change WHERE scope IN ('rows', ?)`).raw().all(`q:${question}`) as [string, number][];
  const stamp = counters
    .map(([scope, version]) => `${scope}=${version}`)
    .sort()
    .join(' ');
  let perDb = held.get(db);
  if (!perDb) held.set(db, (perDb = new Map()));
  const name = `${surveyId}\n${question}`;
  const cached = perDb.get(name);
  if (cached && cached.stamp === stamp) return cached.index;
  const index: AnswerIndex = { answers: load(), folded: null };
  perDb.set(name, { stamp, index });
  return index;
}

/** The folded texts of the index, made once. */
export function foldedTexts(index: AnswerIndex): string[] {
  return (index.folded ??= index.answers.map((answer) => fold(answer.text)));
}
