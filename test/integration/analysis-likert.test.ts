import { describe, expect, it } from 'vitest';
import { call, newSession } from '../helpers/session';
import { rank } from '../helpers/suppression-check';
import type { Session } from '../../electron/api/session';
import type { AnalysisTable, AnalysisLikertRow } from '../../core/api/analysis';
import type { ProtectedCount } from '../../core/analysis/protect';

/** A 5-point agreement scale with the app's "rather not say" (99) in its list, and girls / boys. */
async function seed(session: Session): Promise<string> {
  await call(session, 'project/create', { title: 'Likert' });
  const survey = await call(session, 'survey/create', { title: { vi: 'Thang đo', en: 'Scale' } });
  const c = (name: string, vi: string, en: string) => ({ name, label: { vi, en } });
  await call(session, 'survey/save', {
    surveyId: survey.id,
    title: survey.title,
    questions: [
      { name: 'feel', type: 'select_one', label: { vi: 'Em thấy an toàn?', en: 'Do you feel safe?' }, listName: 'agree', appearance: 'likert' },
      { name: 'sex', type: 'select_one', label: { vi: 'Giới tính', en: 'Sex' }, listName: 'sex' },
    ],
    choiceLists: {
      agree: [c('1', 'Rất không đồng ý', 'Strongly disagree'), c('2', 'Không đồng ý', 'Disagree'), c('3', 'Bình thường', 'Neither'), c('4', 'Đồng ý', 'Agree'), c('5', 'Rất đồng ý', 'Strongly agree'), c('99', 'Em không muốn nói', "I'd rather not say")],
      sex: [c('girl', 'Con gái', 'Girl'), c('boy', 'Con trai', 'Boy')],
    },
  });
  return survey.id;
}

/** `counts[i]` children of that sex answer point i + 1; `refused` refuse the question. */
async function enter(session: Session, surveyId: string, sex: string, counts: number[], refused = 0): Promise<void> {
  const answers = [...counts.flatMap((n, i) => Array.from({ length: n }, () => String(i + 1))), ...Array.from({ length: refused }, () => null)];
  for (const feel of answers) {
    const { id } = await call(session, 'response/create', { surveyId });
    await call(session, 'response/answer', { responseId: id, question: 'sex', value: sex });
    if (feel === null) await call(session, 'response/refuse', { responseId: id, question: 'feel' });
    else await call(session, 'response/answer', { responseId: id, question: 'feel', value: feel });
    await call(session, 'response/complete', { responseId: id });
  }
}

const value = (c: ProtectedCount | null | undefined) => (c ? c.count : undefined);
const line = (row: AnalysisLikertRow) => [value(row.n), value(row.negative), value(row.neutral), value(row.positive)];

/**
 * The independent check of the table and its summary read together: every published sum is a linear equation
 * in the hidden counts; a hidden count is exposed when its unit vector lies in the span of those equations.
 */
function exposedHidden(table: AnalysisTable): string[] {
  type Entry = { name: string; hidden: boolean };
  const entry = (name: string, c: ProtectedCount): Entry => ({ name, hidden: c.suppressed });
  const eqs: { plus: Entry[]; minus: Entry }[] = [];
  const likert = table.likert!;
  const points = likert.points.map((p) => p.value);
  const sides = ['negative', 'neutral', 'positive'] as const;
  const groups = table.by === null ? [null] : [...new Set(table.cells.map((c) => c.by))];
  const cell = (value: string, by: string | null) => {
    const c = table.cells.find((x) => x.value === value && x.by === by)!;
    return entry(`cell ${value}/${by}`, c);
  };
  const rowValues = table.dimensions[0]!.categories.map((c) => c.value);
  for (const by of groups) {
    const row = likert.rows.find((r) => r.by === by)!;
    const n = entry(`n ${by}`, row.n);
    for (const side of sides) {
      const s = row[side];
      if (!s) continue;
      eqs.push({ plus: likert.points.filter((p) => p.side === side).map((p) => cell(p.value, by)), minus: entry(`${side} ${by}`, s) });
    }
    eqs.push({ plus: sides.filter((s) => row[s]).map((s) => entry(`${s} ${by}`, row[s]!)), minus: n });
    // The base: answers on the scale plus the off-scale rows make the answered (or the column's) total.
    const whole = table.by === null ? entry('answered', table.totals.answered!) : entry(`column ${by}`, table.columnTotals.find((t) => t.by === by)!);
    eqs.push({ plus: [n, ...rowValues.filter((v) => !points.includes(v)).map((v) => cell(v, by))], minus: whole });
    eqs.push({ plus: rowValues.map((v) => cell(v, by)), minus: whole });
  }
  if (table.by !== null) {
    const all = likert.rows.find((r) => r.by === null)!;
    const rowTotal = (v: string) => entry(`row ${v}`, table.rowTotals.find((t) => t.value === v)!);
    const grand = entry('total', table.totals.total!);
    for (const v of rowValues) eqs.push({ plus: groups.map((by) => cell(v, by)), minus: rowTotal(v) });
    eqs.push({ plus: rowValues.map(rowTotal), minus: grand });
    eqs.push({ plus: groups.map((by) => entry(`column ${by}`, table.columnTotals.find((t) => t.by === by)!)), minus: grand });
    for (const side of sides) {
      if (!all[side]) continue;
      eqs.push({ plus: groups.map((by) => entry(`${side} ${by}`, likert.rows.find((r) => r.by === by)![side]!)), minus: entry(`${side} null`, all[side]) });
      eqs.push({ plus: likert.points.filter((p) => p.side === side).map((p) => rowTotal(p.value)), minus: entry(`${side} null`, all[side]) });
    }
  } else {
    const t = table.totals;
    eqs.push({ plus: [entry('answered', t.answered!), entry('refused', t.refused!), entry('notAsked', t.notAsked!)], minus: entry('total', t.total!) });
  }
  const unknowns = [...new Set(eqs.flatMap((e) => [...e.plus, e.minus]).filter((e) => e.hidden).map((e) => e.name))];
  const rows = eqs.map((e) => unknowns.map((name) => e.plus.filter((x) => x.name === name).length - (e.minus.name === name ? 1 : 0)));
  const base = rank(rows);
  return unknowns.filter((_, i) => rank([...rows, unknowns.map((__, j) => (j === i ? 1 : 0))]) === base);
}

describe('Likert summary beside the table (analysis/table with likert)', () => {
  it('gives % agree, neutral, disagree, n and the mean score, per group, against hand counts', async () => {
    const session = newSession();
    const surveyId = await seed(session);
    // Girls: 5, 6, 7, 8, 9 on points 1–5 (35). Boys: 6, 5, 0, 10, 9 (30). No small cell anywhere.
    await enter(session, surveyId, 'girl', [5, 6, 7, 8, 9]);
    await enter(session, surveyId, 'boy', [6, 5, 0, 10, 9]);

    const plain = await call(session, 'analysis/table', { surveyId, question: 'feel' });
    expect(plain.likert).toBeUndefined();

    const freq = await call(session, 'analysis/table', { surveyId, question: 'feel', likert: true });
    const likert = freq.likert!;
    // "Rather not say" (99) is in the list but off the scale.
    expect(likert.points).toEqual([
      { value: '1', side: 'negative', score: 1 },
      { value: '2', side: 'negative', score: 2 },
      { value: '3', side: 'neutral', score: 3 },
      { value: '4', side: 'positive', score: 4 },
      { value: '5', side: 'positive', score: 5 },
    ]);
    expect(likert.rows).toHaveLength(1);
    const all = likert.rows[0]!;
    // 11 + 11 disagree, 7 neutral, 18 + 18 agree, of 65.
    expect(line(all)).toEqual([65, 22, 7, 36]);
    expect(all.positivePercent).toBeCloseTo((100 * 36) / 65, 12);
    expect(all.neutralPercent).toBeCloseTo((100 * 7) / 65, 12);
    expect(all.negativePercent).toBeCloseTo((100 * 22) / 65, 12);
    expect(all.points.map((p) => p! * 65 / 100)).toEqual([11, 11, 7, 18, 18].map((n) => expect.closeTo(n, 9)));
    // Mean score: (1·11 + 2·11 + 3·7 + 4·18 + 5·18) / 65 = 216 / 65.
    expect(all.mean).toBeCloseTo(216 / 65, 12);
    expect(freq.note.hidden).toBe(0);

    const bySex = await call(session, 'analysis/table', { surveyId, question: 'feel', by: 'sex', likert: true });
    const rows = bySex.likert!.rows;
    expect(rows.map((r) => r.by)).toEqual(['girl', 'boy', null]);
    expect(line(rows[0]!)).toEqual([35, 11, 7, 17]);
    expect(line(rows[1]!)).toEqual([30, 11, 0, 19]);
    expect(line(rows[2]!)).toEqual([65, 22, 7, 36]);
    expect(rows[0]!.mean).toBeCloseTo(115 / 35, 12);
    expect(rows[1]!.mean).toBeCloseTo(101 / 30, 12);
    expect(rows[1]!.neutralPercent).toBe(0);
    expect(rows[1]!.positivePercent).toBeCloseTo((100 * 19) / 30, 12);
    session.dispose();
  }, 60_000);

  it('protects the summary with the table: a small neutral count cannot be worked out from n − disagree − agree', async () => {
    const session = newSession();
    const surveyId = await seed(session);
    // Boys: 2 neutral (a small cell), 3 refusals. Girls: nothing small.
    await enter(session, surveyId, 'girl', [5, 6, 7, 8, 9]);
    await enter(session, surveyId, 'boy', [6, 5, 2, 10, 9], 3);

    const bySex = await call(session, 'analysis/table', { surveyId, question: 'feel', by: 'sex', likert: true });
    const cell = bySex.cells.find((c) => c.value === '3' && c.by === 'boy')!;
    expect(cell).toMatchObject({ count: null, reason: 'primary' });
    const boys = bySex.likert!.rows.find((r) => r.by === 'boy')!;
    // The boys' neutral side is that cell: hidden, and so is another side or the base, or subtraction gives it.
    expect(boys.neutral).toMatchObject({ count: null });
    expect([boys.n, boys.negative, boys.positive].filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(1);
    expect(boys.mean).toBeNull();
    expect(boys.neutralPercent).toBeNull();
    for (const row of bySex.likert!.rows) {
      for (const c of [row.n, row.negative, row.neutral, row.positive]) if (c && c.count !== null) expect(c.count === 0 || c.count >= 5, `count ${c.count}`).toBe(true);
    }
    expect(exposedHidden(bySex)).toEqual([]);
    // The girls' 7 neutral answers share the boys' row, so they are hidden with them, and one more girls' side
    // so that n − disagree − agree does not give the 7 back; what is shown is the hand count.
    const girls = bySex.likert!.rows.find((r) => r.by === 'girl')!;
    expect(line(girls)).toEqual([35, null, null, 17]);
    expect(girls.positivePercent).toBeCloseTo((100 * 17) / 35, 12);
    expect(girls.mean).toBeNull();

    // Without `by`: neutral 9 is shown; the 3 refusals are covered by "not asked" (0), not by "answered".
    const freq = await call(session, 'analysis/table', { surveyId, question: 'feel', likert: true });
    expect(freq.totals.refused).toMatchObject({ count: null, reason: 'primary' });
    expect(freq.totals.notAsked).toMatchObject({ count: null, reason: 'complementary' });
    expect(freq.totals.answered!.count).toBe(67);
    expect(freq.totals.total!.count).toBe(70);
    expect(exposedHidden(freq)).toEqual([]);
    expect(line(freq.likert!.rows[0]!)).toEqual([67, 22, 9, 36]);
    session.dispose();
  }, 60_000);
});
