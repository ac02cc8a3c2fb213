import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import type { Session } from '../../electron/api/session';
import { completeResponse, createResponse, writeAnswer, writeRefusal } from '../../electron/db/response-store';
import { call, newSession, TEST_ACTOR } from '../helpers/session';
import { tempDir } from '../helpers/temp';
import type { ApiName, Input } from '../../core/api';
import type { Lang } from '../../core/i18n/messages';

const ANSWERS: { sex: string; age: string; province: string; why: string }[] = [
  { sex: '1', age: '14', province: '10', why: 'Em sợ đi qua suối khi trời mưa to.' },
  { sex: '2', age: '12', province: '10', why: 'Đường đến trường rất xa và không an toàn.' },
  { sex: '1', age: '16', province: '01', why: 'Các bạn lớn hay bắt nạt em ở cổng trường.' },
  { sex: '2', age: '15', province: '01', why: 'Tên em là Giàng A Páo, em ở bản Cát Cát, số điện thoại 0912 345 678.' },
  { sex: '1', age: '11', province: '10', why: 'Em thấy an toàn vì có thầy cô đưa đón.' },
];

/** `more`: children added after ANSWERS (ids 5, 6, …), for tables that need counts of at least k = 3. */
async function codingProject(more: typeof ANSWERS = []) {
  const session = newSession();
  await call(session, 'project/create', { title: 'Tiếng nói trẻ em Lào Cai' });
  const survey = await call(session, 'survey/create', { title: { vi: 'An toàn', en: 'Safety' } });
  await call(session, 'survey/save', {
    surveyId: survey.id,
    title: survey.title,
    questions: [
      { name: 'sex', type: 'select_one', label: { vi: 'Em là', en: 'You are' }, listName: 'sex' },
      { name: 'age', type: 'integer', label: { vi: 'Em bao nhiêu tuổi?', en: 'How old are you?' } },
      { name: 'province', type: 'select_one', label: { vi: 'Tỉnh', en: 'Province' }, listName: 'province' },
      { name: 'why', type: 'text', label: { vi: 'Vì sao?', en: 'Why?' } },
      { name: 'wish', type: 'text', label: { vi: 'Em mong muốn gì?', en: 'What do you wish for?' } },
      { name: 'child_name', type: 'text', label: { vi: 'Tên em', en: 'Your name' }, identifying: true },
    ],
    choiceLists: {
      sex: [
        { name: '1', label: { vi: 'em gái', en: 'girl' } },
        { name: '2', label: { vi: 'em trai', en: 'boy' } },
      ],
      province: [
        { name: '01', label: { vi: 'Hà Nội', en: 'Hanoi' } },
        { name: '10', label: { vi: 'Lào Cai', en: 'Lao Cai' } },
      ],
    },
  });
  const db = session.db;
  const ids: string[] = [];
  for (const a of [...ANSWERS, ...more]) {
    const id = createResponse(db, survey.id, TEST_ACTOR);
    for (const [k, v] of Object.entries(a)) writeAnswer(db, id, k, v);
    completeResponse(db, id, TEST_ACTOR);
    ids.push(id);
  }
  // A draft is not coded.
  const draft = createResponse(db, survey.id, TEST_ACTOR);
  writeAnswer(db, draft, 'why', 'Bản nháp chưa xong');
  return { session, surveyId: survey.id, ids, draft };
}

async function failure<K extends ApiName>(session: Session, name: K, input: Input<K>, lang: Lang = 'en') {
  const result = await dispatch(name, input, { session, lang });
  if (result.ok) throw new Error(`${name} should have failed`);
  return result.error;
}

function auditRows(session: Session, entity: string) {
  return session.db.prepare('SELECT action, entity_id AS id, detail FROM audit_log WHERE entity = ? ORDER BY rowid').all(entity) as { action: string; id: string; detail: string }[];
}

describe('open-answer coding', () => {
  it('lists the open questions with their counts and refuses other questions', async () => {
    const { session, surveyId } = await codingProject();
    const questions = await call(session, 'coding/questions', { surveyId });
    expect(questions.map((q) => q.name)).toEqual(['why', 'wish', 'child_name']);
    expect(questions[0]).toMatchObject({ name: 'why', answers: 5, coded: 0, starred: 0 });
    const error = await failure(session, 'coding/themes', { surveyId, question: 'sex' }, 'vi');
    expect(error.code).toBe('coding.notOpenQuestion');
    expect(error.message).toBe('Câu sex không phải câu trả lời mở của khảo sát này.');
  });

  it('codes an open question inside a repeat: a child who refused it in any instance counts once as refused', async () => {
    const session = newSession();
    await call(session, 'project/create', { title: 'Anh chị em' });
    const survey = await call(session, 'survey/create', { title: { vi: 'Anh chị em' } });
    await call(session, 'survey/save', {
      surveyId: survey.id,
      title: survey.title,
      questions: [
        { name: 'sib', type: 'begin_repeat', label: { vi: 'Anh chị em' } },
        { name: 'sib_note', type: 'text', label: { vi: 'Điều em muốn kể' } },
        { name: 'sib_end', type: 'end_repeat', label: {} },
      ],
      choiceLists: {},
    });
    const db = session.db;
    const child = (notes: (string | null)[]) => {
      const id = createResponse(db, survey.id, TEST_ACTOR);
      notes.forEach((note, i) => (note === null ? writeRefusal(db, id, `sib_note[${i + 1}]`) : writeAnswer(db, id, `sib_note[${i + 1}]`, note)));
      writeAnswer(db, id, 'sib', String(notes.length));
      completeResponse(db, id, TEST_ACTOR);
      return id;
    };
    const coded = [child(['Anh em thương em', 'Chị hay giúp em học']), child(['Anh dạy em đi xe đạp']), child(['Em gái hay cười'])];
    child(['Em út còn nhỏ', null, null]);
    child([null]);
    child([null, null]);
    for (let i = 0; i < 3; i++) child([]);
    const theme = await call(session, 'coding/createTheme', { surveyId: survey.id, question: 'sib_note', label: { vi: 'Gia đình' } });
    const answers = coded.map((responseId, i) => ({ responseId, key: `sib_note[${i === 0 ? 2 : 1}]` }));
    await call(session, 'coding/assign', { surveyId: survey.id, question: 'sib_note', themeIds: [theme.id], answers });
    const table = await call(session, 'coding/table', { surveyId: survey.id, question: 'sib_note', minCell: 3 });
    expect(table.totals.refused!.count).toBe(3);
    expect(table.cells.find((c) => c.value === theme.id)?.count).toBe(3);
    session.dispose();
  });

  it('counts held between calls follow the answers typed or refused since', async () => {
    const { session, surveyId } = await codingProject();
    const whyOf = async () => (await call(session, 'coding/questions', { surveyId })).find((q) => q.name === 'why')!;
    const refusedOf = async () => (await call(session, 'coding/table', { surveyId, question: 'why', minCell: 3 })).totals.refused!.count;
    expect((await whyOf()).answers).toBe(5);
    expect(await refusedOf()).toBe(0);
    expect(await refusedOf()).toBe(0); // from memory this time
    const db = session.db;
    const typed = createResponse(db, surveyId, TEST_ACTOR);
    writeAnswer(db, typed, 'why', 'Em thích trường mới');
    completeResponse(db, typed, TEST_ACTOR);
    expect((await whyOf()).answers).toBe(6);
    for (let i = 0; i < 3; i++) {
      const refusing = createResponse(db, surveyId, TEST_ACTOR);
      writeRefusal(db, refusing, 'why');
      completeResponse(db, refusing, TEST_ACTOR);
    }
    expect(await refusedOf()).toBe(3);
    writeRefusal(db, typed, 'why');
    expect((await whyOf()).answers).toBe(5);
    expect(await refusedOf()).toBe(4);
    session.dispose();
  });

  it('creates, renames, nests, reorders and deletes themes, refusing cycles', async () => {
    const { session, surveyId } = await codingProject();
    const safety = await call(session, 'coding/createTheme', { surveyId, question: 'why', label: { vi: 'An toàn', en: 'Safety' } });
    const road = await call(session, 'coding/createTheme', { surveyId, question: 'why', label: { vi: 'Đường đi', en: 'The way to school' } });
    const river = await call(session, 'coding/createTheme', { surveyId, question: 'why', label: { vi: 'Sông suối' }, parentId: road.id });
    const shared = await call(session, 'coding/createTheme', { surveyId, question: null, label: { vi: 'Bạo lực', en: 'Violence' } });
    expect([safety.position, road.position, river.position]).toEqual([0, 1, 0]);
    expect(river).toMatchObject({ parentId: road.id, depth: 1 });

    const renamed = await call(session, 'coding/renameTheme', { themeId: river.id, label: { en: 'Rivers and streams' } });
    expect(renamed.label).toEqual({ vi: 'Sông suối', en: 'Rivers and streams' });
    expect((await failure(session, 'coding/renameTheme', { themeId: river.id, label: { vi: '', en: '' } })).code).toBe('coding.emptyLabel');

    // road under its own child: a cycle
    const cycle = await failure(session, 'coding/moveTheme', { themeId: road.id, parentId: river.id }, 'vi');
    expect(cycle.code).toBe('coding.themeCycle');
    expect(cycle.message).toContain('chủ đề con');
    expect((await failure(session, 'coding/moveTheme', { themeId: road.id, parentId: road.id })).code).toBe('coding.themeCycle');
    // a shared theme is another codebook
    expect((await failure(session, 'coding/moveTheme', { themeId: safety.id, parentId: shared.id })).code).toBe('coding.otherCodebook');

    // safety under road, first; then road's children are safety, river
    await call(session, 'coding/moveTheme', { themeId: safety.id, parentId: road.id, position: 0 });
    let themes = await call(session, 'coding/themes', { surveyId, question: 'why' });
    expect(themes.map((t) => [t.label.vi, t.depth, t.position])).toEqual([
      ['Bạo lực', 0, 0],
      ['Đường đi', 0, 0],
      ['An toàn', 1, 0],
      ['Sông suối', 1, 1],
    ]);
    // reorder among siblings
    await call(session, 'coding/moveTheme', { themeId: river.id, parentId: road.id, position: 0 });
    themes = await call(session, 'coding/themes', { surveyId, question: 'why' });
    expect(themes.map((t) => t.label.vi)).toEqual(['Bạo lực', 'Đường đi', 'Sông suối', 'An toàn']);
    // the shared theme is offered for the other open question too, the question's own are not
    const wish = await call(session, 'coding/themes', { surveyId, question: 'wish' });
    expect(wish.map((t) => t.label.vi)).toEqual(['Bạo lực']);

    // deleting road: its sub-themes move up into its place
    const deleted = await call(session, 'coding/deleteTheme', { themeId: road.id });
    expect(deleted).toEqual({ reassigned: 0, childrenMoved: 2 });
    themes = await call(session, 'coding/themes', { surveyId, question: 'why' });
    expect(themes.map((t) => [t.label.vi, t.depth, t.position])).toEqual([
      ['Bạo lực', 0, 0],
      ['Sông suối', 0, 0],
      ['An toàn', 0, 1],
    ]);
    expect((await failure(session, 'coding/renameTheme', { themeId: road.id, label: { vi: 'x' } })).code).toBe('coding.themeNotFound');
    const actions = auditRows(session, 'codingTheme').map((r) => r.action);
    expect(actions.filter((a) => a === 'create')).toHaveLength(4);
    expect(actions).toContain('rename');
    expect(actions).toContain('move');
    expect(actions.at(-1)).toBe('delete');
  });

  it('assigns themes to several answers at once, counts them, filters and unassigns', async () => {
    const { session, surveyId, ids, draft } = await codingProject();
    const road = await call(session, 'coding/createTheme', { surveyId, question: 'why', label: { vi: 'Đường đi', en: 'The way' } });
    const river = await call(session, 'coding/createTheme', { surveyId, question: 'why', label: { vi: 'Sông suối', en: 'Rivers' }, parentId: road.id });
    const bully = await call(session, 'coding/createTheme', { surveyId, question: null, label: { vi: 'Bắt nạt', en: 'Bullying' } });

    const first = await call(session, 'coding/assign', { surveyId, question: 'why', themeIds: [road.id], answers: [ids[0]!, ids[1]!].map((responseId) => ({ responseId, key: 'why' })) });
    expect(first.added).toBe(2);
    const again = await call(session, 'coding/assign', { surveyId, question: 'why', themeIds: [road.id, river.id], answers: [{ responseId: ids[0]!, key: 'why' }] });
    expect(again.added).toBe(1); // road was there already
    await call(session, 'coding/assign', { surveyId, question: 'why', themeIds: [bully.id], answers: [{ responseId: ids[2]!, key: 'why' }] });

    const themes = await call(session, 'coding/themes', { surveyId, question: 'why' });
    expect(Object.fromEntries(themes.map((t) => [t.label.vi, t.count]))).toEqual({ 'Bắt nạt': 1, 'Đường đi': 2, 'Sông suối': 1 });
    const questions = await call(session, 'coding/questions', { surveyId });
    expect(questions.find((q) => q.name === 'why')).toMatchObject({ answers: 5, coded: 3 });

    const page = await call(session, 'coding/answers', { surveyId, question: 'why' });
    expect(page.total).toBe(5);
    expect(page.answers[0]).toMatchObject({ responseId: ids[0], number: 1, key: 'why', text: ANSWERS[0]!.why, starred: false });
    expect(page.answers[0]!.themeIds).toEqual([road.id, river.id].sort());
    expect(page.answers.some((a) => a.responseId === draft)).toBe(false);

    const uncoded = await call(session, 'coding/answers', { surveyId, question: 'why', uncoded: true });
    expect(uncoded.answers.map((a) => a.responseId)).toEqual([ids[3], ids[4]]);
    // by a theme, its sub-themes included
    const byRoad = await call(session, 'coding/answers', { surveyId, question: 'why', themeId: road.id });
    expect(byRoad.answers.map((a) => a.number)).toEqual([1, 2]);
    const byRiver = await call(session, 'coding/answers', { surveyId, question: 'why', themeId: river.id });
    expect(byRiver.answers.map((a) => a.number)).toEqual([1]);
    const paged = await call(session, 'coding/answers', { surveyId, question: 'why', offset: 2, limit: 2 });
    expect(paged.total).toBe(5);
    expect(paged.answers.map((a) => a.number)).toEqual([3, 4]);
    expect(await call(session, 'coding/answers', { surveyId, question: 'why', offset: 10 })).toEqual({ total: 5, answers: [] });

    // a theme in use is deleted only with a reassignment
    const refused = await failure(session, 'coding/deleteTheme', { themeId: river.id }, 'vi');
    expect(refused.code).toBe('coding.themeInUse');
    expect(refused.message).toContain('1 câu trả lời');
    expect(await call(session, 'coding/deleteTheme', { themeId: road.id, reassignTo: bully.id })).toEqual({ reassigned: 2, childrenMoved: 1 });
    const after = await call(session, 'coding/themes', { surveyId, question: 'why' });
    expect(Object.fromEntries(after.map((t) => [t.label.vi, t.count]))).toEqual({ 'Bắt nạt': 3, 'Sông suối': 1 });

    const removed = await call(session, 'coding/unassign', { surveyId, question: 'why', themeIds: [bully.id, river.id], answers: [{ responseId: ids[0]!, key: 'why' }] });
    expect(removed.removed).toBe(2);
    expect((await call(session, 'coding/answers', { surveyId, question: 'why', uncoded: true })).total).toBe(3);

    // the audit names the answer key and themes, never the words
    const coded = auditRows(session, 'response').filter((r) => r.action === 'code' || r.action === 'uncode');
    expect(coded.length).toBeGreaterThanOrEqual(4);
    expect(JSON.parse(coded[0]!.detail)).toEqual({ question: 'why', themes: [road.id] });
    for (const row of coded) for (const a of ANSWERS) expect(row.detail).not.toContain(a.why.slice(0, 12));

    // answers of drafts, of other questions and themes of other questions are refused
    expect((await failure(session, 'coding/assign', { surveyId, question: 'why', themeIds: [bully.id], answers: [{ responseId: draft, key: 'why' }] })).code).toBe('coding.answerNotFound');
    expect((await failure(session, 'coding/assign', { surveyId, question: 'why', themeIds: [bully.id], answers: [{ responseId: ids[0]!, key: 'wish' }] })).code).toBe('coding.answerNotFound');
    expect((await failure(session, 'coding/assign', { surveyId, question: 'wish', themeIds: [river.id], answers: [{ responseId: ids[0]!, key: 'wish' }] })).code).toBe('coding.otherCodebook');
  });

  it('searches answers without tone marks or case', async () => {
    const { session, surveyId } = await codingProject();
    const search = async (text: string) => (await call(session, 'coding/answers', { surveyId, question: 'why', search: text })).answers.map((a) => a.number);
    expect(await search('an toan')).toEqual([2, 5]);
    expect(await search('AN TOÀN')).toEqual([2, 5]);
    expect(await search('duong den truong')).toEqual([2]);
    expect(await search('bat nat')).toEqual([3]);
    expect(await search('suối')).toEqual([1]);
    expect(await search('xe máy')).toEqual([]);
    // decomposed input (NFD, as some keyboards send it) finds the same
    expect(await search('suối'.normalize('NFD'))).toEqual([1]);
    // tone-insensitive: "so" finds both "sợ" and "số"
    expect(await search('so')).toEqual([1, 4]);
  });

  it('stars quotes with the attributes chosen, rendered in Vietnamese and English, with a privacy warning', async () => {
    const { session, surveyId, ids } = await codingProject();
    const quote = await call(session, 'coding/star', { responseId: ids[0]!, key: 'why', attributes: ['sex', 'age', 'province'] }, 'vi');
    expect(quote.attributeLine).toBe('em gái, 14 tuổi, Lào Cai');
    expect(quote.text).toBe(ANSWERS[0]!.why);
    expect(quote.identifying).toEqual([]);
    // one child is a girl of 14 in Lào Cai: fewer than k = 5
    expect(quote.smallGroup).toBe(true);
    expect(quote.warning).toBe('Ít hơn 5 em có cùng thông tin kèm theo (em gái, 14 tuổi, Lào Cai): người đọc có thể đoán ra em nào đã nói.');

    await call(session, 'coding/star', { responseId: ids[3]!, key: 'why', attributes: ['sex', 'age', 'province'] });
    const en = await call(session, 'coding/quotes', { surveyId }, 'en');
    expect(en.map((q) => q.attributeLine)).toEqual(['girl, 14, Lao Cai', 'boy, 15, Hanoi']);
    const risky = en[1]!;
    expect(risky.identifying.map((m) => m.kind).sort()).toEqual(['name', 'phone', 'place']);
    expect(risky.warning).toBe(
      "This quote may help identify the child (a person's name, a place smaller than a province, a phone number). Edit the excerpt before using it. " +
        'Fewer than 5 children share the attributes shown (boy, 15, Hanoi): a reader could tell who said this.',
    );
    expect(risky.identifying.find((m) => m.kind === 'phone')).toMatchObject({ text: '0912 345 678', start: risky.text.indexOf('0912') });
    const vi = await call(session, 'coding/quotes', { surveyId, question: 'why' }, 'vi');
    expect(vi[1]!.attributeLine).toBe('em trai, 15 tuổi, Hà Nội');
    expect(vi[1]!.warning).toContain('số điện thoại');

    // an edited excerpt replaces the words quoted, and the warning follows it
    const edited = await call(session, 'coding/star', { responseId: ids[3]!, key: 'why', attributes: ['sex', 'province'], excerpt: 'Em ở một bản xa, đường đi học rất khó.' }, 'en');
    expect(edited).toMatchObject({ text: 'Em ở một bản xa, đường đi học rất khó.', attributeLine: 'boy, Hanoi', identifying: [], smallGroup: true });
    // three children answered from Lào Cai: with the project's k at 3 (the least) that is enough
    await call(session, 'analysis/settings', { minCell: 3 });
    const broad = await call(session, 'coding/star', { responseId: ids[1]!, key: 'why', attributes: ['province'] }, 'en');
    expect(broad).toMatchObject({ attributeLine: 'Lao Cai', smallGroup: false, warning: null });
    await call(session, 'coding/unstar', { responseId: ids[1]!, key: 'why' });
    // clearing the excerpt quotes the answer as given again
    const cleared = await call(session, 'coding/star', { responseId: ids[3]!, key: 'why', attributes: ['sex', 'province'], excerpt: '' });
    expect(cleared.excerpt).toBeNull();
    expect(cleared.text).toBe(ANSWERS[3]!.why);
    await call(session, 'coding/star', { responseId: ids[3]!, key: 'why', attributes: ['sex', 'province'], excerpt: 'Em ở một bản xa, đường đi học rất khó.' });
    expect(edited.answer).toBe(ANSWERS[3]!.why);
    const questions = await call(session, 'coding/questions', { surveyId });
    expect(questions.find((q) => q.name === 'why')!.starred).toBe(2);
    const page = await call(session, 'coding/answers', { surveyId, question: 'why' });
    expect(page.answers.filter((a) => a.starred).map((a) => a.number)).toEqual([1, 4]);

    // identifying or free-text questions cannot be shown beside a quote
    const bad = await failure(session, 'coding/star', { responseId: ids[0]!, key: 'why', attributes: ['child_name'] }, 'vi');
    expect(bad.code).toBe('coding.badAttribute');
    expect(bad.message).toContain('child_name');
    expect((await failure(session, 'coding/star', { responseId: ids[0]!, key: 'why', attributes: ['wish'] })).code).toBe('coding.badAttribute');

    expect(await call(session, 'coding/unstar', { responseId: ids[0]!, key: 'why' })).toEqual({ removed: true });
    expect(await call(session, 'coding/unstar', { responseId: ids[0]!, key: 'why' })).toEqual({ removed: false });
    expect((await call(session, 'coding/quotes', { surveyId })).map((q) => q.number)).toEqual([4]);

    const quoteAudit = auditRows(session, 'response').filter((r) => r.action.startsWith('quote') || r.action === 'unquote');
    expect(quoteAudit.map((r) => r.action)).toEqual(['quote', 'quote', 'quoteChange', 'quote', 'unquote', 'quoteChange', 'quoteChange', 'unquote']);
    expect(JSON.parse(quoteAudit[2]!.detail)).toEqual({ question: 'why', attributes: ['sex', 'province'], excerptEdited: true });
    for (const row of quoteAudit) expect(row.detail).not.toMatch(/Giàng|bản xa|suối/);
  });

  it('checks text being edited and names the kinds in the caller\'s language', async () => {
    const { session } = await codingProject();
    const vi = await call(session, 'coding/checkText', { text: 'Em học trường THCS Kim Đồng ở Hà Nội.' }, 'vi');
    expect(vi.matches.map((m) => [m.kind, m.text])).toEqual([['school', 'trường THCS Kim Đồng']]);
    expect(vi.warning).toBe('Trích dẫn này có thể giúp nhận ra em (tên trường). Hãy sửa đoạn trích trước khi dùng.');
    const safe = await call(session, 'coding/checkText', { text: 'Em sống ở Hà Nội, còn bà em ở Thành phố Hồ Chí Minh và Cao Bằng.' }, 'vi');
    expect(safe).toEqual({ matches: [], warning: null });
  });

  it('tabulates the codes like a multiple-choice question, by sex, with labels and protection', async () => {
    // Three more children, so that each theme has at least k = 3 girls and 3 boys.
    const { session, surveyId, ids } = await codingProject([
      { sex: '1', age: '13', province: '10', why: 'Có chó dữ ở đầu ngõ.' },
      { sex: '2', age: '14', province: '10', why: 'Cầu tre bắc qua suối đã gãy.' },
      { sex: '2', age: '16', province: '01', why: 'Anh lớp trên hay trêu chọc em.' },
    ]);
    const a = await call(session, 'coding/createTheme', { surveyId, question: 'why', label: { vi: 'Đường đi', en: 'The way' } });
    const a1 = await call(session, 'coding/createTheme', { surveyId, question: 'why', label: { vi: 'Sông suối', en: 'Rivers' }, parentId: a.id });
    const b = await call(session, 'coding/createTheme', { surveyId, question: null, label: { vi: 'Bắt nạt', en: 'Bullying' } });
    const assign = (themeId: string, which: number[]) =>
      call(session, 'coding/assign', { surveyId, question: 'why', themeIds: [themeId], answers: which.map((i) => ({ responseId: ids[i]!, key: 'why' })) });
    // girls: 0, 2, 4, 5; boys: 1, 3, 6, 7
    await assign(a.id, [0, 2, 4]);
    await assign(a1.id, [1, 3, 6]);
    await assign(b.id, [0, 1, 2, 3, 5, 7]);

    const top = await call(session, 'coding/table', { surveyId, question: 'why', minCell: 3 }, 'en');
    expect(top.question).toBe('why#codes');
    expect(top.kind).toBe('frequency');
    expect(top.dimensions[0]!.label).toEqual({ vi: 'Vì sao? — chủ đề', en: 'Why? — themes' });
    expect(top.dimensions[0]!.categories.map((c) => c.label.en)).toEqual(['Bullying', 'The way']);
    expect(Object.fromEntries(top.cells.map((c) => [c.value, c.count]))).toEqual({ [a.id]: 6, [b.id]: 6 });
    expect(top.totals.answered!.count).toBe(8);
    expect(top.filtered).toEqual({ count: 8, suppressed: false, reason: null });

    const all = await call(session, 'coding/table', { surveyId, question: 'why', level: 'all', minCell: 3 });
    expect(Object.fromEntries(all.cells.map((c) => [c.value, c.count]))).toEqual({ [a.id]: 3, [a1.id]: 3, [b.id]: 6 });

    const bySex = await call(session, 'coding/table', { surveyId, question: 'why', by: 'sex', minCell: 3 });
    expect(bySex.kind).toBe('crosstab');
    expect(bySex.additive).toBe(false);
    const cell = (theme: string, sex: string) => bySex.cells.find((c) => c.value === theme && c.by === sex)!;
    expect([cell(a.id, '1').count, cell(a.id, '2').count, cell(b.id, '1').count, cell(b.id, '2').count]).toEqual([3, 3, 3, 3]);

    // with the default k = 5, small cells are hidden as for any question
    const hidden = await call(session, 'coding/table', { surveyId, question: 'why', by: 'sex' });
    expect(hidden.cells.every((c) => c.count === null || c.count === 0 || c.count >= 5)).toBe(true);
    expect(hidden.note.hidden).toBeGreaterThan(0);

    // a filter on another question applies to the codes too
    const girls = await call(session, 'coding/table', { surveyId, question: 'why', minCell: 3, filter: [{ type: 'choice', question: 'sex', values: ['1'] }] });
    expect(girls.filtered).toEqual({ count: 4, suppressed: false, reason: null });
    expect(Object.fromEntries(girls.cells.map((c) => [c.value, c.count]))).toEqual({ [a.id]: 3, [b.id]: 3 });

    // a filter that leaves fewer than k children: their number is hidden too, with every count of them
    const girlsInHanoi = [{ type: 'choice' as const, question: 'sex', values: ['1'] }, { type: 'choice' as const, question: 'province', values: ['01'] }];
    const few = await call(session, 'coding/table', { surveyId, question: 'why', minCell: 3, filter: girlsInHanoi });
    expect(few.filtered).toEqual({ count: null, suppressed: true, reason: 'primary' });
    expect(few.n).toBeNull();
    expect(few.cells.every((c) => c.count === null || c.count === 0)).toBe(true);
  });

  it('analysis/table takes codes (why#codes) as the question, as the disaggregation and in a filter, like coding/table', async () => {
    // One more girl from Hà Nội, so that bullying is named by k = 3 children.
    const { session, surveyId, ids } = await codingProject([{ sex: '1', age: '13', province: '01', why: 'Các anh chị lớp trên bắt nạt em.' }]);
    const way = await call(session, 'coding/createTheme', { surveyId, question: 'why', label: { vi: 'Đường đi', en: 'The way' } });
    const river = await call(session, 'coding/createTheme', { surveyId, question: 'why', label: { vi: 'Sông suối', en: 'Rivers' }, parentId: way.id });
    const bullying = await call(session, 'coding/createTheme', { surveyId, question: null, label: { vi: 'Bắt nạt', en: 'Bullying' } });
    const assign = (themeId: string, which: number[]) =>
      call(session, 'coding/assign', { surveyId, question: 'why', themeIds: [themeId], answers: which.map((i) => ({ responseId: ids[i]!, key: 'why' })) });
    // girls (sex 1): 0, 2, 4, 5; boys: 1, 3. Lào Cai (10): 0, 1, 4; Hà Nội (01): 2, 3, 5.
    await assign(way.id, [0, 4]);
    await assign(river.id, [1]);
    await assign(bullying.id, [2, 3, 5]);

    const viaCoding = await call(session, 'coding/table', { surveyId, question: 'why', by: 'sex', minCell: 3 });
    const viaAnalysis = await call(session, 'analysis/table', { surveyId, question: 'why#codes', by: 'sex', minCell: 3 });
    expect(viaAnalysis).toEqual(viaCoding);

    // province by codes: the codes are the columns, labelled with the themes' names
    const byCodes = await call(session, 'analysis/table', { surveyId, question: 'province', by: 'why#codes', minCell: 3 }, 'en');
    expect(byCodes.dimensions[1]!.label.en).toBe('Why? — themes');
    // shared themes come first, as in the codebook
    expect(byCodes.dimensions[1]!.categories.map((c) => c.label.en)).toEqual(['Bullying', 'The way']);
    const cell = (province: string, theme: string) => byCodes.cells.find((c) => c.value === province && c.by === theme)!.count;
    expect([cell('10', way.id), cell('01', way.id), cell('10', bullying.id), cell('01', bullying.id)]).toEqual([3, 0, 0, 3]);

    // every theme apart: the river theme is its own column
    const all = await call(session, 'analysis/table', { surveyId, question: 'why#codes', codeLevel: 'all', minCell: 3 });
    expect(all.dimensions[0]!.categories.map((c) => c.value)).toEqual([bullying.id, way.id, river.id]);
    // one child's river theme, and the two children of "The way" itself, are below k = 3: hidden as any small cell is
    expect(all.cells.find((c) => c.value === river.id)).toMatchObject({ count: null, suppressed: true, reason: 'primary' });
    expect(all.cells.find((c) => c.value === way.id)).toMatchObject({ count: null, suppressed: true, reason: 'primary' });
    const truth: Record<string, number> = { [bullying.id]: 3 };
    expect(all.cells.filter((c) => c.count !== null)).toHaveLength(1);
    for (const c of all.cells.filter((c) => c.count !== null)) expect(c.count).toBe(truth[c.value]);

    // only children whose answer was coded "The way" (or its sub-theme): all three live in Lào Cai
    const onTheWay = await call(session, 'analysis/table', { surveyId, question: 'province', minCell: 3, filter: [{ type: 'choice', question: 'why#codes', values: [way.id] }] });
    expect(onTheWay.filtered).toEqual({ count: 3, suppressed: false, reason: null });
    expect(Object.fromEntries(onTheWay.cells.map((c) => [c.value, c.count]))).toEqual({ '01': 0, '10': 3 });

    const notOpen = await failure(session, 'analysis/table', { surveyId, question: 'sex#codes' });
    expect(notOpen.code).toBe('coding.notOpenQuestion');

    // the command line counts codes too
    const file = session.openPath!;
    session.closeProject();
    const run = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/tiengnoi.mjs'), 'stats', file, '--question', 'why#codes', '--min-cell', '3', '--json'], {
      encoding: 'utf8',
      env: { ...process.env, TIENGNOI_CONFIG_DIR: tempDir(), TIENGNOI_LANG: 'en' },
    });
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { question: string; cells: { value: string; count: number | null }[] };
    expect(json.question).toBe('why#codes');
    expect(Object.fromEntries(json.cells.map((c) => [c.value, c.count]))).toEqual({ [bullying.id]: 3, [way.id]: 3 });
  });

  it('codes answers inside a repeat, instance by instance, and a name that is a prefix of another stays apart', async () => {
    const session = newSession();
    await call(session, 'project/create', { title: 'Anh chị em' });
    const survey = await call(session, 'survey/create', { title: { vi: 'Gia đình' } });
    await call(session, 'survey/save', {
      surveyId: survey.id,
      title: survey.title,
      questions: [
        { name: 'note', type: 'text', label: { vi: 'Ghi chú' } },
        { name: 'noteA', type: 'text', label: { vi: 'Ghi chú khác' } },
        { name: 'sib', type: 'begin_repeat', label: { vi: 'Anh chị em' } },
        { name: 'worry', type: 'text', label: { vi: 'Anh chị lo gì?' } },
        { name: 'sib_end', type: 'end_repeat', label: {} },
      ],
      choiceLists: {},
    });
    const db = session.db;
    const id = createResponse(db, survey.id, TEST_ACTOR);
    writeAnswer(db, id, 'note', 'Một');
    writeAnswer(db, id, 'noteA', 'Hai');
    writeAnswer(db, id, 'sib', '2');
    writeAnswer(db, id, 'worry[1]', 'Anh lo đi làm xa.');
    writeAnswer(db, id, 'worry[2]', 'Chị lo thi cử.');
    completeResponse(db, id, TEST_ACTOR);
    const questions = await call(session, 'coding/questions', { surveyId: survey.id });
    expect(questions.map((q) => [q.name, q.answers])).toEqual([
      ['note', 1],
      ['noteA', 1],
      ['worry', 2],
    ]);
    const page = await call(session, 'coding/answers', { surveyId: survey.id, question: 'worry', search: 'thi cu' });
    expect(page.answers.map((a) => a.key)).toEqual(['worry[2]']);
    const theme = await call(session, 'coding/createTheme', { surveyId: survey.id, question: 'worry', label: { vi: 'Học tập', en: 'School work' } });
    await call(session, 'coding/assign', { surveyId: survey.id, question: 'worry', themeIds: [theme.id], answers: [{ responseId: id, key: 'worry[2]' }] });
    const all = await call(session, 'coding/answers', { surveyId: survey.id, question: 'worry' });
    expect(all.answers.map((a) => [a.key, a.themeIds])).toEqual([
      ['worry[1]', []],
      ['worry[2]', [theme.id]],
    ]);
    // a key of another question (even one whose name starts the same) is refused for this one
    const shared = await call(session, 'coding/createTheme', { surveyId: survey.id, question: null, label: { vi: 'Khác' } });
    const wrong = await failure(session, 'coding/assign', { surveyId: survey.id, question: 'note', themeIds: [shared.id], answers: [{ responseId: id, key: 'noteA' }] });
    expect(wrong.code).toBe('coding.answerNotFound');
    expect(wrong.message).toBe('This response has no answer noteA.');
  });
});
