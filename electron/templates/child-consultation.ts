import { SurveyContentSchema, type Choice, type Labels, type Question, type SurveyContent } from '../../core/survey/model';
import { loadEthnicGroups, loadProvinces2008, loadProvinces2025 } from '../reference/load';

/**
 * A bilingual starter survey for a children's consultation, written for a facilitator to adapt.
 *
 * Safeguarding choices made here:
 * - Consent first: the facilitator records the parent/guardian consent, the child gives their own assent, and
 *   every question that holds an answer sits in the group `main`, asked only when both allow it. A child who says
 *   no sees a thank-you note and nothing else is recorded.
 * - No names are asked, so `identifying` is left unset everywhere. Province, age, sex, ethnicity and disability
 *   are not identifying one by one; the risk is in small cross-tabulated groups, which the analysis side protects
 *   by hiding groups under the threshold. The open answer asks the child not to write names.
 * - Questions about violence and (online) safety are `sensitive`, so the helpline 111 is shown at the end.
 * - Every question can be skipped and every list offers "Em không muốn nói" / "I'd rather not say".
 *
 * Codes: "I'd rather not say" is always `99` and "I don't know" always `98` (as in the ethnicity list, where these
 * two are app codes outside the GSO list 01–54). Ordinal scales use 1…n so they can be averaged.
 */

export interface ChildConsultationOptions {
  /** Which provincial-level list: the 34 units since 1 Jul 2025, or the 63 units before. */
  provinces: '2025' | '2008';
  /** Folder of the reference CSVs; the shipped data/reference/ when left out. */
  referenceDir?: string;
}

const L = (vi: string, en: string): Labels => ({ vi, en });

type QuestionInput = Omit<Question, 'hint' | 'required'> & Partial<Pick<Question, 'hint' | 'required'>>;
const q = (input: QuestionInput): Question => ({ hint: {}, required: false, ...input });
const c = (name: string, vi: string, en: string): Choice => ({ name, label: L(vi, en) });

const NO_SAY = c('99', 'Em không muốn nói', "I'd rather not say");
const DONT_KNOW = c('98', 'Em không biết', "I don't know");

/** The consent gate: the child said yes and the guardian did not say no. */
export const CONSENT_GIVEN = "${assent} = 'yes' and ${guardian_consent} != 'no'";

/** A select_multiple constraint: these choices cannot be ticked together with anything else. */
function alone(...codes: string[]): string {
  return `not((${codes.map((code) => `selected(., '${code}')`).join(' or ')}) and count-selected(.) > 1)`;
}

function provinceList(options: ChildConsultationOptions): { listName: string; choices: Choice[] } {
  if (options.provinces === '2008') {
    return {
      listName: 'province_2008',
      choices: loadProvinces2008(options.referenceDir).map((p) => c(p.code, p.name_vi, p.name_en)),
    };
  }
  return {
    listName: 'province_2025',
    choices: loadProvinces2025(options.referenceDir).map((p) => c(p.code, p.name_vi, p.name_en)),
  };
}

export function buildChildConsultation(options: ChildConsultationOptions): SurveyContent {
  const province = provinceList(options);
  const ethnicity = [
    ...loadEthnicGroups(options.referenceDir).map((g) => c(g.code, g.name_vi, g.name_en)),
    // App codes, not in the GSO list of 54 groups (Decision 1019/QĐ-TCTK): never mix them with GSO codes.
    DONT_KNOW,
    NO_SAY,
  ];

  const questions: Question[] = [
    // ── Consent and assent ──────────────────────────────────────────────────────────────────────────
    q({
      name: 'guardian_consent',
      type: 'select_one',
      listName: 'guardian_consent',
      required: true,
      label: L(
        'Cha mẹ hoặc người giám hộ của em có đồng ý cho em tham gia không?',
        'Did your parent or guardian agree that you can take part?',
      ),
      hint: L(
        'Người điều phối chọn. Chọn “Không cần” khi em từ 16 tuổi trở lên, hoặc khi tổ chức đã có sự đồng ý cho cả diễn đàn.',
        'The facilitator answers. Choose "Not needed" if the child is 16 or older, or if the organisation has consent for the whole forum.',
      ),
    }),
    q({
      name: 'intro',
      type: 'note',
      relevance: "${guardian_consent} != 'no'",
      label: L(
        'Chào em! Chúng tôi rất muốn nghe ý kiến của em. ' +
          'Em không cần ghi tên, nên không ai biết câu trả lời nào là của em. ' +
          'Không có câu trả lời đúng hay sai. ' +
          'Em có thể bỏ qua bất kỳ câu hỏi nào, và có thể dừng lại bất cứ lúc nào.',
        'Hello! We really want to hear what you think. ' +
          "You don't write your name, so no one will know which answers are yours. " +
          'There are no right or wrong answers. ' +
          'You can skip any question, and you can stop at any time.',
      ),
    }),
    q({
      name: 'assent',
      type: 'select_one',
      listName: 'yes_no',
      required: true,
      relevance: "${guardian_consent} != 'no'",
      label: L('Em có đồng ý trả lời các câu hỏi không?', 'Do you agree to answer the questions?'),
      hint: L('Em nói “không” cũng không sao cả.', "It's fine to say no."),
    }),
    q({
      name: 'stop_note',
      type: 'note',
      relevance: `not(${CONSENT_GIVEN})`,
      label: L(
        'Cảm ơn em đã đến. Hôm nay em không cần trả lời câu hỏi nào. Chúc em một ngày vui vẻ!',
        "Thank you for coming. You don't need to answer any questions today. Have a lovely day!",
      ),
    }),

    // ── Everything else: only with consent and assent ──────────────────────────────────────────────
    q({
      name: 'main',
      type: 'begin_group',
      relevance: CONSENT_GIVEN,
      label: L('Câu hỏi cho em', 'Questions for you'),
    }),

    // About you (for describing who took part; never shown child by child)
    q({
      name: 'age',
      type: 'integer',
      label: L('Em bao nhiêu tuổi?', 'How old are you?'),
      constraint: '. >= 6 and . <= 18',
      constraintMessage: L('Em hãy nhập số tuổi từ 6 đến 18 nhé.', 'Please enter an age from 6 to 18.'),
    }),
    q({
      name: 'sex',
      type: 'select_one',
      listName: 'sex',
      label: L('Em là…', 'Are you…'),
    }),
    q({
      name: 'grade',
      type: 'select_one',
      listName: 'grade',
      label: L('Em đang học lớp mấy?', 'What grade are you in?'),
    }),
    q({
      name: 'province',
      type: 'select_one',
      listName: province.listName,
      appearance: 'minimal',
      label: L('Em đang sống ở tỉnh, thành phố nào?', 'Which province or city do you live in?'),
      hint:
        options.provinces === '2008'
          ? L('Tên tỉnh, thành phố trước ngày 1/7/2025.', 'Province names as they were before 1 July 2025.')
          : L('Tên tỉnh, thành phố từ ngày 1/7/2025.', 'Province names since 1 July 2025.'),
    }),
    q({
      name: 'area',
      type: 'select_one',
      listName: 'area',
      label: L('Nơi em sống là thành thị hay nông thôn?', 'Do you live in a town or city, or in the countryside?'),
    }),
    q({
      name: 'ethnicity',
      type: 'select_one',
      listName: 'ethnicity',
      appearance: 'minimal',
      label: L('Em là người dân tộc nào?', 'What is your ethnic group?'),
    }),
    // Inspired by the Washington Group short set, adapted for children; not the validated WG/UNICEF module.
    q({
      name: 'difficulty',
      type: 'select_multiple',
      listName: 'difficulty',
      label: L('Em có gặp khó khăn khi làm những việc này không?', 'Do you have difficulty doing any of these things?'),
      hint: L('Em có thể chọn nhiều ý.', 'You can choose more than one.'),
      constraint: alone('none', '99'),
      constraintMessage: L(
        'Nếu em chọn “Em không gặp khó khăn nào” hoặc “Em không muốn nói” thì em không chọn thêm ý khác nhé.',
        'If you choose "I have no difficulty" or "I\'d rather not say", please don\'t choose anything else.',
      ),
    }),

    // Themes
    q({
      name: 'safe_school',
      type: 'select_one',
      listName: 'safety',
      appearance: 'likert smiley',
      sensitive: true,
      label: L('Khi ở trường, em cảm thấy an toàn như thế nào?', 'How safe do you feel at school?'),
    }),
    q({
      name: 'online_worry',
      type: 'select_multiple',
      listName: 'online_worry',
      orOther: true,
      sensitive: true,
      label: L('Khi lên mạng, em lo lắng về điều gì?', 'When you are online, what worries you?'),
      hint: L('Em có thể chọn nhiều ý.', 'You can choose more than one.'),
      constraint: alone('not_online', 'none', '99'),
      constraintMessage: L(
        'Nếu em chọn “Em không dùng mạng”, “Em không lo lắng gì” hoặc “Em không muốn nói” thì em không chọn thêm ý khác nhé.',
        'If you choose "I don\'t go online", "Nothing worries me" or "I\'d rather not say", please don\'t choose anything else.',
      ),
    }),
    q({
      name: 'listened',
      type: 'begin_group',
      appearance: 'table-list',
      label: L('Người lớn có lắng nghe ý kiến của em không?', 'Do adults listen to what you think?'),
    }),
    q({ name: 'listened_home', type: 'select_one', listName: 'frequency', label: L('Ở nhà', 'At home') }),
    q({ name: 'listened_school', type: 'select_one', listName: 'frequency', label: L('Ở trường', 'At school') }),
    q({
      name: 'listened_community',
      type: 'select_one',
      listName: 'frequency',
      label: L('Ở nơi em sống (thôn, xóm, tổ dân phố)', 'Where you live (your village or neighbourhood)'),
    }),
    q({ name: 'listened_end', type: 'end_group', label: L('Hết phần lắng nghe', 'End of the listening part') }),
    q({
      name: 'one_thing',
      type: 'text',
      label: L(
        'Nếu được nói với người lớn một điều, em muốn nói gì?',
        'If you could tell adults one thing, what would you say?',
      ),
      hint: L(
        'Em viết điều em nghĩ. Em đừng viết tên mình hay tên người khác nhé.',
        "Write what you think. Please don't write your name or anyone else's.",
      ),
    }),
    q({
      name: 'thanks',
      type: 'note',
      label: L('Cảm ơn em đã chia sẻ! Ý kiến của em rất quan trọng.', 'Thank you for sharing! What you think really matters.'),
    }),
    q({ name: 'main_end', type: 'end_group', label: L('Hết phần câu hỏi', 'End of the questions') }),
  ];

  const choiceLists: Record<string, Choice[]> = {
    guardian_consent: [
      c('yes', 'Có, đã đồng ý', 'Yes, they agreed'),
      c('no', 'Không đồng ý', 'No, they did not agree'),
      c('not_needed', 'Không cần', 'Not needed'),
    ],
    yes_no: [c('yes', 'Có, em đồng ý', 'Yes, I agree'), c('no', 'Không, em không muốn', "No, I don't want to")],
    sex: [
      c('girl', 'Con gái', 'A girl'),
      c('boy', 'Con trai', 'A boy'),
      c('other', 'Em tự mô tả theo cách khác', 'I describe myself another way'),
      NO_SAY,
    ],
    grade: [
      ...Array.from({ length: 12 }, (_, i) => c(String(i + 1), `Lớp ${i + 1}`, `Grade ${i + 1}`)),
      c('no_school', 'Em không đi học', "I'm not in school"),
      NO_SAY,
    ],
    [province.listName]: province.choices,
    area: [
      c('urban', 'Thành thị (thành phố, thị xã, thị trấn)', 'Town or city'),
      c('rural', 'Nông thôn', 'Countryside'),
      DONT_KNOW,
    ],
    ethnicity,
    difficulty: [
      c('see', 'Nhìn (kể cả khi đeo kính)', 'Seeing (even with glasses)'),
      c('hear', 'Nghe (kể cả khi dùng máy trợ thính)', 'Hearing (even with a hearing aid)'),
      c('walk', 'Đi lại, leo cầu thang', 'Walking or climbing stairs'),
      c('remember', 'Ghi nhớ hoặc tập trung', 'Remembering or concentrating'),
      c('selfcare', 'Tự chăm sóc bản thân (tắm rửa, mặc quần áo)', 'Looking after yourself (washing, dressing)'),
      c('communicate', 'Giao tiếp (hiểu người khác, hoặc người khác hiểu em)', 'Communicating (understanding others, or being understood)'),
      c('none', 'Em không gặp khó khăn nào', 'I have no difficulty'),
      NO_SAY,
    ],
    safety: [
      c('1', 'Rất không an toàn', 'Very unsafe'),
      c('2', 'Không an toàn', 'Unsafe'),
      c('3', 'Bình thường', 'Neither safe nor unsafe'),
      c('4', 'An toàn', 'Safe'),
      c('5', 'Rất an toàn', 'Very safe'),
      NO_SAY,
    ],
    online_worry: [
      c('strangers', 'Người lạ nhắn tin hoặc muốn gặp em', 'Strangers messaging me or wanting to meet me'),
      c('bullying', 'Bị trêu chọc, bắt nạt hoặc nói xấu', 'Being teased, bullied or talked about'),
      c('scary', 'Thấy hình ảnh, video bạo lực hoặc đáng sợ', 'Seeing violent or scary pictures or videos'),
      c('unsuitable', 'Thấy nội dung không phù hợp với trẻ em', 'Seeing things that are not right for children'),
      c('privacy', 'Ảnh hoặc thông tin của em bị chia sẻ khi em không muốn', 'My photos or information shared when I did not want it'),
      c('scam', 'Bị lừa, mất tiền hoặc mất tài khoản', 'Being tricked, losing money or my account'),
      c('too_long', 'Em dùng mạng quá nhiều', 'Spending too much time online'),
      c('not_online', 'Em không dùng mạng', "I don't go online"),
      c('none', 'Em không lo lắng gì', 'Nothing worries me'),
      NO_SAY,
    ],
    frequency: [
      c('1', 'Không bao giờ', 'Never'),
      c('2', 'Thỉnh thoảng', 'Sometimes'),
      c('3', 'Thường xuyên', 'Often'),
      c('4', 'Luôn luôn', 'Always'),
      NO_SAY,
    ],
  };

  // Parsing normalises every text to NFC and checks names against the model, so a typo fails here, not in the field.
  return SurveyContentSchema.parse({
    title: L('Tham vấn trẻ em (mẫu)', "Children's consultation (template)"),
    questions,
    choiceLists,
  });
}
