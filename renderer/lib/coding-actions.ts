/**
 * The coding screen's decisions that need no DOM and no API: which key does what, whether a theme is given or
 * taken off, what undoes an action, how the warning's matches are marked in a quote, and a quote as copied.
 * Plain functions, unit tested.
 */
import type { AnswerRef, CodingAnswer, IdentifyingMatch } from '../../core/api/coding';

/** What a key press asks for on the coding screen. */
export type CodingKeyAction =
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'theme'; number: number }
  | { kind: 'select' }
  | { kind: 'star' }
  | { kind: 'search' }
  | { kind: 'undo' }
  | { kind: 'help' }
  | { kind: 'clear' };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}

/** Where the key was pressed: in a text field, on a button or link, or elsewhere (an answer, the page). */
export type KeyTarget = 'text' | 'control' | 'other';

/**
 * The action of a key, or null to let the browser have it. Every key typed in a text field is the field's own
 * (Ctrl+Z too); on a button or checkbox, Space presses it. Escape clears the selection.
 */
export function codingKeyAction(event: KeyLike, target: KeyTarget): CodingKeyAction | null {
  if (target === 'text') return null;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'z') return { kind: 'undo' };
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case 'ArrowDown':
    case 'j':
      return { kind: 'next' };
    case 'ArrowUp':
    case 'k':
      return { kind: 'previous' };
    case ' ':
      return target === 'control' ? null : { kind: 'select' };
    case 's':
      return { kind: 'star' };
    case '/':
      return { kind: 'search' };
    case '?':
      return { kind: 'help' };
    case 'Escape':
      return { kind: 'clear' };
  }
  if (/^[1-9]$/.test(event.key)) return { kind: 'theme', number: Number(event.key) };
  return null;
}

/** An answer as one string, for sets and keyed lists: a response can hold several answers (repeats). */
export function answerId(ref: AnswerRef): string {
  return `${ref.responseId}|${ref.key}`;
}

/** A change of codes, as sent to coding/assign or coding/unassign, and kept to be undone. */
export interface CodingChange {
  kind: 'assign' | 'unassign';
  themeIds: string[];
  answers: AnswerRef[];
}

/**
 * Pressing a theme's digit (or clicking it) on one or several answers: when every one of them has the theme
 * already it is taken off all of them, otherwise it is given to those that lack it. Only the answers that
 * actually change are named, so undoing the change restores exactly what was there.
 */
export function toggleChange(answers: readonly CodingAnswer[], themeId: string): CodingChange | null {
  if (answers.length === 0) return null;
  const lacking = answers.filter((a) => !a.themeIds.includes(themeId));
  const refs = (list: readonly CodingAnswer[]) => list.map((a) => ({ responseId: a.responseId, key: a.key }));
  if (lacking.length === 0) return { kind: 'unassign', themeIds: [themeId], answers: refs(answers) };
  return { kind: 'assign', themeIds: [themeId], answers: refs(lacking) };
}

/** The change that undoes another. */
export function inverseChange(change: CodingChange): CodingChange {
  return { ...change, kind: change.kind === 'assign' ? 'unassign' : 'assign' };
}

/** The answers' themes after a change, without asking the API again. */
export function applyChange(answers: readonly CodingAnswer[], change: CodingChange): CodingAnswer[] {
  const touched = new Set(change.answers.map(answerId));
  return answers.map((a) => {
    if (!touched.has(answerId(a))) return a;
    const themes = new Set(a.themeIds);
    for (const id of change.themeIds) {
      if (change.kind === 'assign') themes.add(id);
      else themes.delete(id);
    }
    return { ...a, themeIds: [...themes].sort() };
  });
}

/** A theme moved in the codebook, with where it was (parent, place among its siblings), so undo can put it back. */
export interface ThemeMove {
  kind: 'move';
  themeId: string;
  from: { parentId: string | null; position: number };
}

/** What Ctrl+Z can undo: a theme given or taken off answers, or a theme moved. */
export type UndoableChange = CodingChange | ThemeMove;

/** The last changes, newest last; a bounded stack so a long session does not grow without end. */
export class UndoStack {
  private changes: UndoableChange[] = [];

  constructor(private readonly limit = 100) {}

  push(change: UndoableChange): void {
    this.changes.push(change);
    if (this.changes.length > this.limit) this.changes.shift();
  }

  /** The change to undo (its inverse is what to send), taken off the stack. */
  pop(): UndoableChange | undefined {
    return this.changes.pop();
  }

  get size(): number {
    return this.changes.length;
  }

  clear(): void {
    this.changes = [];
  }
}

/** The index moved by one, kept inside [0, length − 1]. */
export function step(index: number, delta: number, length: number): number {
  if (length === 0) return 0;
  return Math.max(0, Math.min(length - 1, index + delta));
}

/** The answers from one index to another, both included, in either direction (Shift+click). */
export function rangeBetween<T>(list: readonly T[], from: number, to: number): T[] {
  const [a, b] = from <= to ? [from, to] : [to, from];
  return list.slice(Math.max(0, a), b + 1);
}

export interface TextSegment {
  text: string;
  /** Set when this part of the text may identify the child. */
  kind: IdentifyingMatch['kind'] | null;
}

/** The text cut into plain parts and parts to mark, for showing the warning's matches in place. Overlaps merge. */
export function markSegments(text: string, matches: readonly IdentifyingMatch[]): TextSegment[] {
  const sorted = matches.filter((m) => m.start < m.end && m.start >= 0 && m.end <= text.length).sort((a, b) => a.start - b.start);
  const out: TextSegment[] = [];
  let at = 0;
  for (const m of sorted) {
    const start = Math.max(m.start, at);
    if (start >= m.end) continue;
    if (start > at) out.push({ text: text.slice(at, start), kind: null });
    out.push({ text: text.slice(start, m.end), kind: m.kind });
    at = m.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), kind: null });
  return out;
}

/** A quote as pasted into a report: “words” (girl, 14, Lào Cai). */
export function quoteText(text: string, attributeLine: string): string {
  return attributeLine ? `“${text}” (${attributeLine})` : `“${text}”`;
}
