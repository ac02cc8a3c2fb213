import { describe, expect, it } from 'vitest';
import { descendantsOf, reorder, topLevelOf, treeOrder, wouldCycle, type ThemeNode } from '../../core/coding/codebook';
import { attributeLine, canBeAttribute, isAgeQuestion, renderAttributes } from '../../core/coding/attributes';
import { q, survey } from '../helpers/survey';

const t = (id: string, parentId: string | null, position: number, vi = id): ThemeNode => ({ id, parentId, position, label: { vi } });
// a ─ b ─ d
//   └ c
// e
const themes = [t('d', 'b', 0), t('c', 'a', 1), t('b', 'a', 0), t('e', null, 1), t('a', null, 0)];

describe('codebook tree', () => {
  it('orders depth first by position, with depths', () => {
    expect(treeOrder(themes).map((x) => `${x.id}${x.depth}`)).toEqual(['a0', 'b1', 'd2', 'c1', 'e0']);
  });

  it('shows a theme whose parent is missing at the top level, and sorts equal positions by Vietnamese label', () => {
    const orphan = [t('x', 'gone', 0), t('y', null, 0, 'Đường'), t('z', null, 0, 'An toàn')];
    expect(treeOrder(orphan).map((x) => [x.id, x.depth])).toEqual([
      ['z', 0],
      ['y', 0],
      ['x', 0],
    ]);
  });

  it('refuses moves that make a theme its own ancestor', () => {
    expect(wouldCycle(themes, 'a', 'd')).toBe(true);
    expect(wouldCycle(themes, 'a', 'a')).toBe(true);
    expect(wouldCycle(themes, 'b', 'd')).toBe(true);
    expect(wouldCycle(themes, 'd', 'a')).toBe(false);
    expect(wouldCycle(themes, 'e', 'd')).toBe(false);
    expect(wouldCycle(themes, 'a', null)).toBe(false);
    // a file damaged into a loop is refused, not walked forever
    expect(wouldCycle([t('p', 'q', 0), t('q', 'p', 0)], 'r', 'p')).toBe(true);
  });

  it('finds descendants and top-level ancestors', () => {
    expect([...descendantsOf(themes, 'a')].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...descendantsOf(themes, 'b')].sort()).toEqual(['b', 'd']);
    expect(Object.fromEntries(topLevelOf(themes))).toEqual({ a: 'a', b: 'a', c: 'a', d: 'a', e: 'e' });
  });

  it('reorders siblings, clamping the position', () => {
    expect(reorder(['a', 'b', 'c'], 'c', 0)).toEqual(['c', 'a', 'b']);
    expect(reorder(['a', 'b', 'c'], 'a', 99)).toEqual(['b', 'c', 'a']);
    expect(reorder(['a', 'b'], 'n', 1)).toEqual(['a', 'n', 'b']);
  });
});

describe('quote attributes', () => {
  const content = survey(
    [
      q('sex', 'select_one', { listName: 'sex' }),
      q('age', 'integer', { label: { vi: 'Em bao nhiêu tuổi?', en: 'How old are you?' } }),
      q('siblings', 'integer', { label: { vi: 'Em có mấy anh chị em?', en: 'How many brothers and sisters?' } }),
      q('province', 'select_one', { listName: 'province' }),
      q('school', 'text'),
      q('phone', 'integer', { identifying: true }),
    ],
    {
      sex: [
        { name: 'f', label: { vi: 'em gái', en: 'girl' } },
        { name: 'm', label: { vi: 'em trai', en: 'boy' } },
      ],
      province: [{ name: '10', label: { vi: 'Lào Cai' } }],
    },
  );

  it('renders choice labels and ages in the reader\'s language, in the order chosen', () => {
    const answers = { sex: 'f', age: '14', province: '10', siblings: '3', school: 'THCS Kim Đồng' };
    const vi = renderAttributes(content, ['sex', 'age', 'province'], answers, 'vi');
    expect(attributeLine(vi, 'vi')).toBe('em gái, 14 tuổi, Lào Cai');
    const en = renderAttributes(content, ['province', 'sex', 'age', 'siblings'], answers, 'en');
    expect(attributeLine(en, 'en')).toBe('Lào Cai, girl, 14, 3');
    expect(en[0]).toEqual({ question: 'province', value: '10', text: 'Lào Cai' });
  });

  it('leaves out unanswered questions, free text and identifying questions; shows an unknown code as itself', () => {
    const rendered = renderAttributes(content, ['sex', 'age', 'school', 'phone'], { sex: 'x', school: 'THCS Kim Đồng', phone: '912345678' }, 'en');
    expect(rendered).toEqual([{ question: 'sex', value: 'x', text: 'x' }]);
    expect(canBeAttribute(content.questions.find((x) => x.name === 'school'))).toBe(false);
    expect(canBeAttribute(content.questions.find((x) => x.name === 'phone'))).toBe(false);
    expect(canBeAttribute(undefined)).toBe(false);
    expect(isAgeQuestion(content.questions[1]!)).toBe(true);
    expect(isAgeQuestion(content.questions[2]!)).toBe(false);
  });
});
