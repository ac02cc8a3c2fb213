// Seeded synthetic data for benchmarks: a 40-question children's consultation and N responses, written straight
// into a new project file in one transaction with prepared statements (about 4 million answer rows a minute).
// The same seed gives the same file content (UUIDs included), so runs can be compared.
//
//   tsx bench/synthetic.ts OUT.tiengnoi 100000 [SEED]
//
// Used by bench/export.ts (issue 6) and meant for the analysis benchmarks (issue 7).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openProjectDb } from '../electron/db/open';
import { initProject } from '../electron/db/project-store';
import { AnswerKeys } from '../electron/db/answer-keys';
import { BulkChanges } from '../electron/db/bulk-changes';
import { createSurvey, latestVersion, publishSurvey } from '../electron/db/survey-store';
import { loadEthnicGroups, loadProvinces2025 } from '../electron/reference/load';
import { SurveyContentSchema, type Choice, type Labels, type Question, type SurveyContent } from '../core/survey/model';
export { seededRandom } from '../test/helpers/seeded-random';
import { seededRandom } from '../test/helpers/seeded-random';

export interface SyntheticOptions {
  /** The project file to create (must not exist). */
  file: string;
  responses: number;
  seed?: number;
  /** Laptops the responses were "entered" on. */
  devices?: number;
}

export interface SyntheticProject {
  file: string;
  surveyId: string;
  formKey: string;
  /** Responses written, deleted ones and second typings included. */
  responses: number;
  /** Responses an export or an analysis counts: not deleted, not a second typing. */
  live: number;
  complete: number;
  answers: number;
  refusals: number;
  seconds: number;
}


const L = (vi: string, en: string): Labels => ({ vi, en });
const c = (name: string, vi: string, en: string): Choice => ({ name, label: L(vi, en) });
const NO_SAY = c('99', 'Em không muốn nói', "I'd rather not say");

interface Spec {
  q: Partial<Question> & Pick<Question, 'name' | 'type'>;
  /** Share of responses that leave it blank (skip logic, skipped). */
  blank?: number;
}

const LIKERT = [
  c('1', 'Hoàn toàn không đồng ý', 'Strongly disagree'),
  c('2', 'Không đồng ý', 'Disagree'),
  c('3', 'Bình thường', 'Neither agree nor disagree'),
  c('4', 'Đồng ý', 'Agree'),
  c('5', 'Hoàn toàn đồng ý', 'Strongly agree'),
  NO_SAY,
];
const FREQUENCY = [c('1', 'Không bao giờ', 'Never'), c('2', 'Thỉnh thoảng', 'Sometimes'), c('3', 'Thường xuyên', 'Often'), c('4', 'Luôn luôn', 'Always'), NO_SAY];
const YES_NO = [c('1', 'Có', 'Yes'), c('2', 'Không', 'No'), NO_SAY];

const likert = (name: string, vi: string, en: string): Spec => ({ q: { name, type: 'select_one', listName: 'likert', appearance: 'likert', label: L(vi, en) } });
const often = (name: string, vi: string, en: string): Spec => ({ q: { name, type: 'select_one', listName: 'frequency', label: L(vi, en) } });

/** The 40 questions: demographics, Likert items, frequencies, multiple choice, numbers, open answers. */
const SPECS: Spec[] = [
  { q: { name: 'assent', type: 'select_one', listName: 'yes_no', label: L('Em có đồng ý trả lời không?', 'Do you agree to answer?') } },
  { q: { name: 'age', type: 'integer', label: L('Em bao nhiêu tuổi?', 'How old are you?') } },
  { q: { name: 'sex', type: 'select_one', listName: 'sex', label: L('Em là…', 'Are you…') } },
  { q: { name: 'grade', type: 'select_one', listName: 'grade', label: L('Em đang học lớp mấy?', 'What grade are you in?') } },
  { q: { name: 'province', type: 'select_one', listName: 'province_2025', appearance: 'minimal', label: L('Em sống ở tỉnh, thành phố nào?', 'Which province do you live in?') } },
  { q: { name: 'area', type: 'select_one', listName: 'area', label: L('Thành thị hay nông thôn?', 'Town or countryside?') } },
  { q: { name: 'ethnicity', type: 'select_one', listName: 'ethnicity', appearance: 'minimal', label: L('Em là người dân tộc nào?', 'What is your ethnic group?') } },
  { q: { name: 'difficulty', type: 'select_multiple', listName: 'difficulty', label: L('Em có gặp khó khăn khi làm những việc này không?', 'Do you have difficulty doing any of these?') } },
  { q: { name: 'lives_with', type: 'select_multiple', listName: 'lives_with', label: L('Em sống cùng ai?', 'Who do you live with?') } },
  { q: { name: 'school_type', type: 'select_one', listName: 'school_type', label: L('Em học ở trường nào?', 'What kind of school do you go to?') } },
  likert('safe_home', 'Em cảm thấy an toàn ở nhà.', 'I feel safe at home.'),
  likert('safe_school', 'Em cảm thấy an toàn ở trường.', 'I feel safe at school.'),
  likert('safe_online', 'Em cảm thấy an toàn khi lên mạng.', 'I feel safe online.'),
  likert('safe_community', 'Em cảm thấy an toàn ở nơi em sống.', 'I feel safe where I live.'),
  likert('happy', 'Em thấy vui vẻ trong cuộc sống.', 'I feel happy in my life.'),
  likert('stress_study', 'Việc học làm em căng thẳng.', 'Studying makes me stressed.'),
  likert('friends_support', 'Bạn bè giúp đỡ em khi em cần.', 'My friends help me when I need it.'),
  likert('adults_trust', 'Em tin tưởng người lớn xung quanh em.', 'I trust the adults around me.'),
  often('listened_home', 'Ở nhà, người lớn lắng nghe ý kiến của em', 'At home, adults listen to me'),
  often('listened_school', 'Ở trường, thầy cô lắng nghe ý kiến của em', 'At school, teachers listen to me'),
  often('listened_community', 'Ở nơi em sống, người lớn lắng nghe ý kiến của em', 'Where I live, adults listen to me'),
  often('listened_authorities', 'Chính quyền địa phương lắng nghe ý kiến trẻ em', 'Local authorities listen to children'),
  { q: { name: 'online_hours', type: 'decimal', label: L('Mỗi ngày em lên mạng bao nhiêu giờ?', 'How many hours a day are you online?') }, blank: 0.05 },
  { q: { name: 'siblings', type: 'integer', label: L('Em có bao nhiêu anh chị em?', 'How many brothers and sisters do you have?') }, blank: 0.1 },
  { q: { name: 'online_worry', type: 'select_multiple', listName: 'online_worry', orOther: true, sensitive: true, label: L('Khi lên mạng, em lo lắng về điều gì?', 'When you are online, what worries you?') } },
  { q: { name: 'violence_seen', type: 'select_one', listName: 'yes_no', sensitive: true, label: L('Em có từng thấy bạn bị đánh ở trường không?', 'Have you seen a classmate being hit at school?') } },
  { q: { name: 'where_help', type: 'select_multiple', listName: 'where_help', label: L('Khi cần giúp đỡ, em tìm đến ai?', 'Who do you go to when you need help?') } },
  { q: { name: 'trusted_adult', type: 'select_one', listName: 'yes_no', label: L('Em có người lớn để tâm sự không?', 'Do you have an adult you can talk to?') } },
  { q: { name: 'helpline_known', type: 'select_one', listName: 'yes_no', label: L('Em có biết Tổng đài 111 không?', 'Do you know the 111 helpline?') } },
  { q: { name: 'participation', type: 'select_multiple', listName: 'participation', label: L('Em đã tham gia những hoạt động nào?', 'Which activities have you taken part in?') } },
  likert('climate_worry', 'Em lo lắng về biến đổi khí hậu.', 'I worry about climate change.'),
  { q: { name: 'covid_impact', type: 'select_one', listName: 'covid', label: L('COVID-19 ảnh hưởng đến việc học của em thế nào?', 'How did COVID-19 affect your schooling?') } },
  { q: { name: 'school_days_missed', type: 'integer', label: L('Tháng trước em nghỉ học mấy ngày?', 'How many school days did you miss last month?') }, blank: 0.2 },
  { q: { name: 'one_thing', type: 'text', label: L('Nếu được nói với người lớn một điều, em muốn nói gì?', 'If you could tell adults one thing, what would you say?') }, blank: 0.3 },
  { q: { name: 'worry_text', type: 'text', label: L('Điều gì làm em lo lắng nhất?', 'What worries you most?') }, blank: 0.5 },
  { q: { name: 'suggestion', type: 'text', label: L('Em có đề xuất gì cho trường học?', 'What would you suggest for your school?') }, blank: 0.6 },
  { q: { name: 'child_name', type: 'text', identifying: true, label: L('Tên em (không bắt buộc)', 'Your name (optional)') }, blank: 0.8 },
  { q: { name: 'interview_date', type: 'date', label: L('Ngày phỏng vấn', 'Date of the interview') } },
  { q: { name: 'facilitator_note', type: 'text', label: L('Ghi chú của người điều phối', "Facilitator's note") }, blank: 0.9 },
  { q: { name: 'satisfaction', type: 'range', parameters: 'start=1 end=10 step=1', label: L('Em chấm diễn đàn mấy điểm?', 'How would you score the forum?') } },
];

export function syntheticSurvey(): SurveyContent {
  const provinces = loadProvinces2025().map((p) => c(p.code, p.name_vi, p.name_en));
  const ethnicity = [...loadEthnicGroups().map((g) => c(g.code, g.name_vi, g.name_en)), c('98', 'Em không biết', "I don't know"), NO_SAY];
  return SurveyContentSchema.parse({
    title: L('Tham vấn trẻ em (dữ liệu tổng hợp)', "Children's consultation (synthetic data)"),
    questions: SPECS.map((spec) => ({ hint: {}, required: false, ...spec.q })),
    choiceLists: {
      yes_no: YES_NO,
      sex: [c('girl', 'Con gái', 'A girl'), c('boy', 'Con trai', 'A boy'), c('other', 'Em tự mô tả theo cách khác', 'I describe myself another way'), NO_SAY],
      grade: [...Array.from({ length: 12 }, (_, i) => c(String(i + 1), `Lớp ${i + 1}`, `Grade ${i + 1}`)), c('13', 'Em không đi học', "I'm not in school"), NO_SAY],
      province_2025: provinces,
      area: [c('urban', 'Thành thị', 'Town or city'), c('rural', 'Nông thôn', 'Countryside')],
      ethnicity,
      difficulty: [
        c('see', 'Nhìn', 'Seeing'),
        c('hear', 'Nghe', 'Hearing'),
        c('walk', 'Đi lại', 'Walking'),
        c('remember', 'Ghi nhớ, tập trung', 'Remembering, concentrating'),
        c('selfcare', 'Tự chăm sóc', 'Self-care'),
        c('communicate', 'Giao tiếp', 'Communicating'),
        c('none', 'Không gặp khó khăn', 'No difficulty'),
      ],
      lives_with: [c('mother', 'Mẹ', 'Mother'), c('father', 'Bố', 'Father'), c('grandparents', 'Ông bà', 'Grandparents'), c('siblings', 'Anh chị em', 'Brothers and sisters'), c('relatives', 'Họ hàng', 'Relatives'), c('others', 'Người khác', 'Others')],
      school_type: [c('public', 'Trường công lập', 'Public school'), c('private', 'Trường tư thục', 'Private school'), c('boarding', 'Trường dân tộc nội trú', 'Ethnic boarding school'), c('none', 'Em không đi học', "I'm not in school")],
      likert: LIKERT,
      frequency: FREQUENCY,
      online_worry: [
        c('strangers', 'Người lạ nhắn tin', 'Strangers messaging me'),
        c('bullying', 'Bị bắt nạt trên mạng', 'Being bullied online'),
        c('scary', 'Hình ảnh đáng sợ', 'Scary pictures'),
        c('privacy', 'Ảnh của em bị chia sẻ', 'My photos being shared'),
        c('scam', 'Bị lừa', 'Being tricked'),
        c('too_long', 'Dùng mạng quá nhiều', 'Too much time online'),
        c('none', 'Không lo lắng gì', 'Nothing worries me'),
      ],
      where_help: [c('parents', 'Bố mẹ', 'Parents'), c('teacher', 'Thầy cô', 'Teacher'), c('friend', 'Bạn bè', 'Friend'), c('helpline', 'Tổng đài 111', 'Helpline 111'), c('nobody', 'Không ai', 'Nobody')],
      participation: [c('forum', 'Diễn đàn trẻ em', "Children's forum"), c('club', 'Câu lạc bộ', 'Club'), c('union', 'Đội, Đoàn', 'Youth union'), c('volunteer', 'Tình nguyện', 'Volunteering'), c('none', 'Chưa tham gia', 'None yet')],
      covid: [c('1', 'Không ảnh hưởng', 'No effect'), c('2', 'Ảnh hưởng ít', 'A little'), c('3', 'Ảnh hưởng nhiều', 'A lot'), NO_SAY],
    },
  });
}

/** Open answers in Vietnamese, a few starting with characters a spreadsheet would take for a formula. */
const TEXTS = [
  'Em mong người lớn lắng nghe chúng em nhiều hơn.',
  'Em muốn trường có thêm sân chơi và thư viện.',
  'Em sợ bị bạn bè trêu chọc trên mạng, nhất là trên nhóm lớp.',
  'Bố mẹ em đi làm xa, em ở với ông bà.',
  'Cần có thêm đèn đường trên đường đi học.',
  'Em mong thầy cô không đánh học sinh.',
  '- Em muốn được nói ý kiến của mình.',
  '=))) vui lắm',
  '+1 ý kiến của bạn',
  'Trời nắng nóng quá, lớp học không có quạt, "rất khó học".',
  'Em lo lắng về kỳ thi vào lớp 10; áp lực, mệt mỏi.',
  'Không có gì ạ',
];
const NAMES = ['Lò Thị Mai', 'Nguyễn Văn An', 'Giàng A Páo', 'Trần Thị Hoa', 'Vàng Thị Dung'];

function seededUuid(random: () => number): string {
  const hex: string[] = [];
  for (let i = 0; i < 16; i++) hex.push(Math.floor(random() * 256).toString(16).padStart(2, '0'));
  hex[6] = `4${hex[6]![1]}`;
  hex[8] = ((parseInt(hex[8]!, 16) & 0x3f) | 0x80).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** One response's row, decided in the order the papers were "typed" (numbers and second typings depend on it). */
interface Paper {
  uuid: string;
  number: number;
  paperCode: string;
  verifies: string | null;
  deleted: boolean;
  draft: boolean;
  device: string;
  created: string;
  updated: string;
}

/** Answer rows written per INSERT statement: fewer calls into SQLite, each with this many rows. */
const ANSWER_BATCH = 200;

/**
 * Creates the project file and fills it with seeded responses (one transaction). Speed matters at a million
 * responses (36 million answer rows, a 4 GB file), so:
 * - the papers are decided first in typing order, then written in UUID order (the order of `response`'s uuid
 *   index), each taking the next id, so that `answer` (keyed by that id) is appended to, never split;
 * - answers go in multi-row INSERTs of ANSWER_BATCH rows;
 * - test data needs no crash safety: no WAL, no sync, no foreign-key checks, and a large page cache while writing;
 * - the analysis counters are raised once each at the end (BulkChanges), not once per answer row.
 */
export function createSyntheticProject(options: SyntheticOptions): SyntheticProject {
  const started = performance.now();
  const random = seededRandom(options.seed ?? 2025);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const actor = { name: 'bench', deviceId: 'bench-device-1' };
  const devices = Array.from({ length: options.devices ?? 5 }, (_, i) => `device-${i + 1}`);
  const content = syntheticSurvey();
  const db = openProjectDb(path.resolve(options.file), { create: true });
  const totals = { responses: 0, live: 0, complete: 0, answers: 0, refusals: 0 };
  let surveyId = '';
  let formKey = '';
  try {
    initProject(db, 'Tham vấn trẻ em (dữ liệu tổng hợp)', actor);
    surveyId = createSurvey(db, content.title, actor, content);
    publishSurvey(db, surveyId, actor);
    const version = latestVersion(db, surveyId);
    formKey = version.formKey;
    // Test data: nothing to lose on a power cut while it is made. Out of WAL (which would hold a copy of every page
    // written until the end); a rollback journal keeps only pages that existed before, and this file is new.
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = OFF');
    db.pragma('cache_size = -262144');
    const insertResponse = db.prepare(
      `INSERT INTO response (uuid, form_version_id, number, device_id, status, created_at, updated_at, completed_at, deleted_at, delete_reason, paper_code, verifies, changed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const answerSql = (rows: number) =>
      `INSERT INTO answer_value (response_id, key_id, value, state, answered_at) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?)').join(', ')}`;
    const insertAnswers = db.prepare(answerSql(ANSWER_BATCH));
    const pending: (string | number | null)[] = [];
    const keys = new AnswerKeys(db);
    const written = new Set<string>();
    const addAnswer = (key: number, name: string, value: string | null, state: 'answered' | 'refused', at: string) => {
      written.add(name);
      pending.push(key, keys.id(name), value, state, at);
      if (pending.length === ANSWER_BATCH * 5) {
        insertAnswers.run(pending);
        pending.length = 0;
      }
    };
    const start = Date.UTC(2025, 6, 1);
    const questions = SPECS.map((spec) => ({ question: content.questions.find((q) => q.name === spec.q.name)!, blank: spec.blank ?? 0.02 }));
    const lists = content.choiceLists;

    // The papers in typing order: about 1 in 200 is a second typing of the previous paper, 1 in 200 deleted, 1 in 25 a draft.
    const papers: Paper[] = [];
    let previous: string | null = null;
    let number = 0;
    for (let n = 0; n < options.responses; n++) {
      const uuid = seededUuid(random);
      const verifies = previous !== null && random() < 0.005 ? previous : null;
      if (!verifies) number++;
      const deleted = random() < 0.005;
      const draft = random() < 0.04;
      const created = new Date(start + Math.floor(random() * 180 * 86_400_000)).toISOString();
      const updated = new Date(Date.parse(created) + Math.floor(random() * 3_600_000)).toISOString();
      papers.push({ uuid, number: verifies ? 0 : number, paperCode: String(number), verifies, deleted, draft, device: pick(devices), created, updated });
      previous = uuid;
    }
    papers.sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));

    const changes = new BulkChanges(db);
    db.transaction(() => {
      changes.begin();
      changes.response();
      for (const paper of papers) {
        const { uuid, draft, deleted, verifies, created, updated } = paper;
        const key = Number(
          insertResponse.run(
            uuid,
            version.versionId,
            paper.number,
            paper.device,
            draft ? 'draft' : 'complete',
            created,
            updated,
            draft ? null : updated,
            deleted ? updated : null,
            deleted ? 'Nhập nhầm' : null,
            paper.paperCode,
            verifies,
            changes.seq,
          ).lastInsertRowid,
        );
        totals.responses++;
        if (!verifies && !deleted) {
          totals.live++;
          if (!draft) totals.complete++;
        }
        const age = 8 + Math.floor(random() * 10);
        for (const { question, blank } of questions) {
          if (random() < blank) continue;
          if (random() < 0.03) {
            addAnswer(key, question.name, null, 'refused', updated);
            totals.refusals++;
            totals.answers++;
            continue;
          }
          let value: string;
          switch (question.type) {
            case 'integer':
              value = String(question.name === 'age' ? age : Math.floor(random() * 6));
              break;
            case 'decimal':
              value = (Math.round(random() * 80) / 10).toString();
              break;
            case 'range':
              value = String(1 + Math.floor(random() * 10));
              break;
            case 'date':
              value = created.slice(0, 10);
              break;
            case 'select_one':
              value = pick(lists[question.listName!]!).name;
              break;
            case 'select_multiple': {
              const choices = lists[question.listName!]!.filter(() => random() < 0.3).map((ch) => ch.name);
              if (question.orOther && random() < 0.05) choices.push('other');
              value = (choices.length > 0 ? choices : [pick(lists[question.listName!]!).name]).join(' ');
              addAnswer(key, question.name, value, 'answered', updated);
              totals.answers++;
              if (value.split(' ').includes('other')) addAnswer(key, `${question.name}_other`, pick(TEXTS), 'answered', updated);
              continue;
            }
            default:
              value = question.name === 'child_name' ? pick(NAMES) : pick(TEXTS);
          }
          addAnswer(key, question.name, value, 'answered', updated);
          totals.answers++;
        }
      }
      if (pending.length > 0) db.prepare(answerSql(pending.length / 5)).run(pending);
      for (const name of written) changes.answer(name);
      changes.finish();
    })();
  } finally {
    db.close();
  }
  return { file: path.resolve(options.file), surveyId, formKey, ...totals, seconds: (performance.now() - started) / 1000 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [file, count, seed] = process.argv.slice(2);
  if (!file || !count) {
    console.error('Usage: tsx bench/synthetic.ts OUT.tiengnoi RESPONSES [SEED]');
    process.exit(1);
  }
  const made = createSyntheticProject({ file, responses: Number(count), seed: seed === undefined ? undefined : Number(seed) });
  console.log(JSON.stringify(made));
}
