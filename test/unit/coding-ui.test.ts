import { describe, expect, it } from 'vitest';
import type { CodingAnswer, CodingTheme } from '../../core/api/coding';
import { treeOrder } from '../../core/coding/codebook';
import { dropArgs, indentArgs, isInside, moveDownArgs, moveUpArgs, outdentArgs, reassignTargets, themeKeys, type MoveArgs } from '../../renderer/lib/coding-tree';
import { answerId, applyChange, codingKeyAction, inverseChange, markSegments, quoteText, rangeBetween, step, toggleChange, UndoStack } from '../../renderer/lib/coding-actions';

/** A codebook as coding/themes returns it: display order, depths, positions among siblings of one codebook. */
function codebook(spec: [id: string, parent: string | null, question: string | null][]): CodingTheme[] {
  const positions = new Map<string, number>();
  const themes = spec.map(([id, parentId, question]) => {
    const key = `${question}|${parentId}`;
    const position = positions.get(key) ?? 0;
    positions.set(key, position + 1);
    return { id, parentId, question, label: { vi: id }, position, depth: 0, count: 0 };
  });
  return display(themes);
}

function display(themes: CodingTheme[]): CodingTheme[] {
  return treeOrder(themes).map((t) => ({ ...t }));
}

/** What the store does with a move (electron/db/coding-store moveTheme), written again here to check the arguments. */
function applyMove(themes: CodingTheme[], args: MoveArgs): CodingTheme[] {
  const moved = themes.find((t) => t.id === args.themeId)!;
  const siblings = (parent: string | null, list: CodingTheme[]) =>
    list.filter((t) => t.parentId === parent && t.question === moved.question && t.id !== moved.id).sort((a, b) => a.position - b.position);
  const out = themes.map((t) => ({ ...t }));
  const self = out.find((t) => t.id === args.themeId)!;
  siblings(self.parentId, out).forEach((t, i) => (t.position = i));
  self.parentId = args.parentId;
  const next = siblings(args.parentId, out);
  next.splice(args.position, 0, self);
  next.forEach((t, i) => (t.position = i));
  return display(out);
}

const shape = (themes: CodingTheme[]) => themes.map((t) => `${'  '.repeat(t.depth)}${t.id}`);

describe('coding screen: moving themes', () => {
  // a
  //   a1
  //   a2
  // b
  // c
  const themes = codebook([
    ['a', null, 'why'],
    ['a1', 'a', 'why'],
    ['a2', 'a', 'why'],
    ['b', null, 'why'],
    ['c', null, 'why'],
  ]);

  it('moves up and down among siblings, and not past the ends', () => {
    expect(shape(applyMove(themes, moveUpArgs(themes, 'b')!))).toEqual(['b', 'a', '  a1', '  a2', 'c']);
    expect(shape(applyMove(themes, moveDownArgs(themes, 'a1')!))).toEqual(['a', '  a2', '  a1', 'b', 'c']);
    expect(moveUpArgs(themes, 'a')).toBeNull();
    expect(moveUpArgs(themes, 'a1')).toBeNull();
    expect(moveDownArgs(themes, 'c')).toBeNull();
    expect(moveDownArgs(themes, 'a2')).toBeNull();
    expect(moveUpArgs(themes, 'missing')).toBeNull();
  });

  it('indents under the sibling above as its last sub-theme, and outdents just after the parent', () => {
    expect(shape(applyMove(themes, indentArgs(themes, 'b')!))).toEqual(['a', '  a1', '  a2', '  b', 'c']);
    expect(shape(applyMove(themes, indentArgs(themes, 'a2')!))).toEqual(['a', '  a1', '    a2', 'b', 'c']);
    expect(indentArgs(themes, 'a')).toBeNull();
    expect(indentArgs(themes, 'a1')).toBeNull();
    expect(shape(applyMove(themes, outdentArgs(themes, 'a1')!))).toEqual(['a', '  a2', 'a1', 'b', 'c']);
    expect(outdentArgs(themes, 'b')).toBeNull();
  });

  it('drops a theme in the place of another, refusing its own sub-tree and other codebooks', () => {
    expect(shape(applyMove(themes, dropArgs(themes, 'c', 'a')!))).toEqual(['c', 'a', '  a1', '  a2', 'b']);
    expect(shape(applyMove(themes, dropArgs(themes, 'a', 'c')!))).toEqual(['b', 'a', '  a1', '  a2', 'c']);
    expect(shape(applyMove(themes, dropArgs(themes, 'b', 'a2')!))).toEqual(['a', '  a1', '  b', '  a2', 'c']);
    expect(dropArgs(themes, 'a', 'a1')).toBeNull();
    expect(dropArgs(themes, 'a', 'a')).toBeNull();
    const mixed = codebook([
      ['s', null, null],
      ['q', null, 'why'],
    ]);
    expect(dropArgs(mixed, 's', 'q')).toBeNull();
  });

  it('keeps shared themes and a question\'s own apart when moving up and down', () => {
    // Both at position 0 of their own codebook; the shared one is not a sibling of the question's.
    const mixed = codebook([
      ['q1', null, 'why'],
      ['s1', null, null],
      ['q2', null, 'why'],
    ]);
    expect(moveUpArgs(mixed, 'q2')).toEqual({ themeId: 'q2', parentId: null, position: 0 });
    expect(moveUpArgs(mixed, 's1')).toBeNull();
    expect(indentArgs(mixed, 's1')).toBeNull();
  });

  it('knows what lies inside a theme', () => {
    expect(isInside(themes, 'a2', 'a')).toBe(true);
    expect(isInside(themes, 'a', 'a')).toBe(true);
    expect(isInside(themes, 'b', 'a')).toBe(false);
  });

  it('offers the question\'s other themes and shared ones for a deleted theme\'s answers; only shared ones for a shared theme', () => {
    const mixed = codebook([
      ['q1', null, 'why'],
      ['q2', null, 'why'],
      ['s1', null, null],
      ['s2', null, null],
    ]);
    expect(reassignTargets(mixed, 'q1').map((t) => t.id).sort()).toEqual(['q2', 's1', 's2']);
    expect(reassignTargets(mixed, 's1').map((t) => t.id)).toEqual(['s2']);
  });

  it('numbers the first nine themes in display order', () => {
    const many = codebook(Array.from({ length: 11 }, (_, i) => [`t${String(i).padStart(2, '0')}`, null, 'why'] as [string, null, string]));
    const keys = themeKeys(many);
    expect(keys.size).toBe(9);
    expect(keys.get('t00')).toBe(1);
    expect(keys.get('t08')).toBe(9);
    expect(keys.has('t09')).toBe(false);
  });
});

const answer = (n: number, themeIds: string[] = []): CodingAnswer => ({ responseId: `r${n}`, number: n, paperCode: null, key: 'why', text: `answer ${n}`, themeIds, starred: false });

describe('coding screen: keys, toggling and undo', () => {
  it('maps keys to actions, leaving text fields and pressed buttons alone', () => {
    expect(codingKeyAction({ key: 'j' }, 'other')).toEqual({ kind: 'next' });
    expect(codingKeyAction({ key: 'ArrowDown' }, 'control')).toEqual({ kind: 'next' });
    expect(codingKeyAction({ key: 'k' }, 'other')).toEqual({ kind: 'previous' });
    expect(codingKeyAction({ key: '7' }, 'other')).toEqual({ kind: 'theme', number: 7 });
    expect(codingKeyAction({ key: '0' }, 'other')).toBeNull();
    expect(codingKeyAction({ key: ' ' }, 'other')).toEqual({ kind: 'select' });
    expect(codingKeyAction({ key: ' ' }, 'control')).toBeNull();
    expect(codingKeyAction({ key: 's' }, 'other')).toEqual({ kind: 'star' });
    expect(codingKeyAction({ key: '/' }, 'other')).toEqual({ kind: 'search' });
    expect(codingKeyAction({ key: 'z', ctrlKey: true }, 'other')).toEqual({ kind: 'undo' });
    expect(codingKeyAction({ key: 'Z', metaKey: true }, 'control')).toEqual({ kind: 'undo' });
    expect(codingKeyAction({ key: 'Escape' }, 'other')).toEqual({ kind: 'clear' });
    // typing in the search box or an excerpt: every key is the field's own
    for (const key of ['j', '1', 's', '/', ' ']) expect(codingKeyAction({ key }, 'text')).toBeNull();
    expect(codingKeyAction({ key: 'z', ctrlKey: true }, 'text')).toBeNull();
    // browser shortcuts pass through
    expect(codingKeyAction({ key: 's', ctrlKey: true }, 'other')).toBeNull();
    expect(codingKeyAction({ key: 'z', ctrlKey: true, shiftKey: true }, 'other')).toBeNull();
    expect(codingKeyAction({ key: '1', altKey: true }, 'other')).toBeNull();
  });

  it('gives a theme to the answers that lack it, or takes it off when all have it', () => {
    const a = [answer(1, ['x']), answer(2), answer(3, ['y'])];
    expect(toggleChange(a, 'x')).toEqual({ kind: 'assign', themeIds: ['x'], answers: [{ responseId: 'r2', key: 'why' }, { responseId: 'r3', key: 'why' }] });
    expect(toggleChange([a[0]!], 'x')).toEqual({ kind: 'unassign', themeIds: ['x'], answers: [{ responseId: 'r1', key: 'why' }] });
    expect(toggleChange([], 'x')).toBeNull();
  });

  it('applies a change and its inverse back to where it was', () => {
    const before = [answer(1, ['x']), answer(2), answer(3, ['y'])];
    const change = toggleChange(before, 'x')!;
    const after = applyChange(before, change);
    expect(after.map((a) => a.themeIds)).toEqual([['x'], ['x'], ['x', 'y']]);
    expect(applyChange(after, inverseChange(change))).toEqual(before);
    // the untouched answer keeps its object
    expect(after[0]).toBe(before[0]);
  });

  it('undoes the newest change first and forgets the oldest past its limit', () => {
    const stack = new UndoStack(2);
    const c = (id: string) => ({ kind: 'assign' as const, themeIds: [id], answers: [{ responseId: 'r1', key: 'why' }] });
    stack.push(c('a'));
    stack.push(c('b'));
    stack.push(c('c'));
    expect(stack.size).toBe(2);
    expect(stack.pop()).toMatchObject({ themeIds: ['c'] });
    expect(stack.pop()).toMatchObject({ themeIds: ['b'] });
    expect(stack.pop()).toBeUndefined();
  });

  it('steps inside the list and selects ranges either way', () => {
    expect(step(0, -1, 5)).toBe(0);
    expect(step(4, 1, 5)).toBe(4);
    expect(step(2, 1, 5)).toBe(3);
    expect(step(3, 0, 0)).toBe(0);
    expect(rangeBetween(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['b', 'c', 'd']);
    expect(rangeBetween(['a', 'b', 'c', 'd'], 1, 1)).toEqual(['b']);
    expect(answerId({ responseId: 'r', key: 'worry[2]' })).toBe('r|worry[2]');
  });
});

describe('coding screen: quotes', () => {
  it('marks the words that may identify a child, merging overlaps', () => {
    const text = 'Em tên là Lan, nhà ở thôn Nà Sáng.';
    const segments = markSegments(text, [
      { kind: 'place', start: text.indexOf('thôn'), end: text.indexOf('.'), text: 'thôn Nà Sáng' },
      { kind: 'name', start: text.indexOf('Lan'), end: text.indexOf('Lan') + 3, text: 'Lan' },
      { kind: 'name', start: text.indexOf('Lan') + 1, end: text.indexOf('Lan') + 3, text: 'an' },
    ]);
    expect(segments).toEqual([
      { text: 'Em tên là ', kind: null },
      { text: 'Lan', kind: 'name' },
      { text: ', nhà ở ', kind: null },
      { text: 'thôn Nà Sáng', kind: 'place' },
      { text: '.', kind: null },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(markSegments('abc', [{ kind: 'name', start: 2, end: 9, text: 'x' }])).toEqual([{ text: 'abc', kind: null }]);
    expect(markSegments('', [])).toEqual([]);
  });

  it('copies a quote with its attributes as a report prints it', () => {
    expect(quoteText('Em sợ đi qua suối.', 'em gái, 14 tuổi, Lào Cai')).toBe('“Em sợ đi qua suối.” (em gái, 14 tuổi, Lào Cai)');
    expect(quoteText('Em sợ đi qua suối.', '')).toBe('“Em sợ đi qua suối.”');
  });
});
