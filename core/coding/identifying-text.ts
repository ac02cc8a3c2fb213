/**
 * A privacy warning for quotes: finds what in a child's words may identify the child — a person's name, a phone
 * number, an e-mail address, a school, or a place smaller than a province (a commune, village, hamlet, street).
 *
 * A warning, not a filter: it errs on the side of flagging, and the analyst decides. Offsets are UTF-16 indices
 * into the text as given (store and pass NFC text). Platform-free: the caller passes the names that are safe to
 * show (province names from data/reference: "Hà Nội" begins like the family name Hà, "Hồ Chí Minh" like Hồ).
 */
import { fold } from '../text/vietnamese';

export type IdentifyingKind = 'name' | 'phone' | 'email' | 'school' | 'place';

export interface IdentifyingMatch {
  kind: IdentifyingKind;
  /** Start (inclusive) and end (exclusive) in the text. */
  start: number;
  end: number;
  text: string;
}

export interface IdentifyingOptions {
  /** Names never flagged as a person's name (provinces, the country): compared without tone marks or case. */
  safeNames?: readonly string[];
}

/** Common Vietnamese family names, Kinh and of ethnic minorities (Hmong, Dao, Thái, Tày, Nùng…). */
export const FAMILY_NAMES: readonly string[] = [
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý',
  'Đinh', 'Đào', 'Trịnh', 'Lương', 'Trương', 'Lâm', 'Đoàn', 'Tạ', 'Cao', 'Mai', 'Hà', 'Tô', 'Chu', 'Thái', 'Kiều',
  'Quách', 'Tăng', 'Lưu', 'Triệu', 'Nông', 'Lò', 'Lường', 'Cầm', 'Quàng', 'Điêu', 'Sùng', 'Giàng', 'Vàng', 'Thào',
  'Lầu', 'Mùa', 'Hầu', 'Vừ', 'Chảo', 'Tẩn', 'Bàn', 'Ma', 'Hoàng', 'Lục', 'Hứa', 'Y', 'H', 'Ksor', 'Rơ', 'Siu', 'Nay',
];

const L = '\\p{L}\\p{M}';
/** A word that starts with a capital letter (NFC: "Đức", "Ánh"; and H'Hen as written in the Central Highlands). */
const CAP = `\\p{Lu}[${L}]*(?:'\\p{L}[${L}]*)?`;
/** Any word (a name written in lower case after "tên em là"). */
const WORD = `[${L}]+(?:'[${L}]+)?`;
const NOT_AFTER_LETTER = `(?<![${L}\\p{N}@.])`;
const NOT_BEFORE_LETTER = `(?![${L}\\p{N}])`;
const SP = '[ \\t\\u00a0]+';

/** A keyword in lower case or with a capital first letter (at the start of a sentence); no 'i' flag, which would make CAP match any word. */
function kw(words: string): string {
  return words
    .split('|')
    .map((w) => `[${w[0]!.toUpperCase()}${w[0]!.toLowerCase()}]${w.slice(1).replace(/ /g, SP)}`)
    .join('|');
}

const familyPattern = FAMILY_NAMES.filter((n, i, all) => all.indexOf(n) === i && n.length > 1)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** Family name and one to three capitalised words: "Nguyễn Thị Hoa", "Giàng A Páo". */
const FAMILY_NAME = new RegExp(`${NOT_AFTER_LETTER}(?:${familyPattern})(?:${SP}${CAP}){1,3}${NOT_BEFORE_LETTER}`, 'gu');

/** "tên em là Lan", "em tên là Hoa", "tên tôi là…", "mình tên là…", "my name is Mai", "call me Tú". */
const SAID_NAME = new RegExp(
  `${NOT_AFTER_LETTER}(?:(?:${kw('tên')}${SP}(?:của${SP})?(?:em|tôi|mình|tớ|con|cháu)${SP}là)|(?:(?:${kw('em|tôi|mình|tớ|con|cháu')})${SP}tên(?:${SP}là)?)|(?:${kw('my name is|call me')})|(?:I${SP}am${SP}called))${SP}(${WORD}(?:${SP}${CAP}){0,3})${NOT_BEFORE_LETTER}`,
  'gu',
);

/**
 * A kinship word or title before a capitalised given name: "bạn Lan", "thầy Nam", "chị Hằng", "my friend Tuan",
 * "Mr Binh". Vietnamese writes these in lower case mid-sentence, so a capital after them is a name.
 */
const TITLED_NAME = new RegExp(
  `${NOT_AFTER_LETTER}(?:${kw('bạn|anh|chị|cô|thầy|chú|bác|dì|cậu|ông|bà|mợ|thím|cháu|con|em')}|(?:[Mm]y${SP}(?:friend|teacher|brother|sister|cousin)|Mr|Mrs|Ms|Miss|[Tt]eacher)\\.?)${SP}((?!I(?![${L}]))${CAP}(?:${SP}${CAP}){0,2})${NOT_BEFORE_LETTER}`,
  'gu',
);

/** Vietnamese phone numbers: 0 and 9–10 digits, or +84 / 84 and 9–10 digits; spaces, dots, dashes between. */
const PHONE = /(?<![\d+])(?:\+84|0084|84|0)(?:[ .-]?\d){8,10}(?!\d)/gu;

const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu;

const SCHOOL_LEVEL = `(?:THCS|THPT|PTCS|PTDTBT|PTDTNT|PTDT|TH|MN|[Tt]iểu${SP}học|[Tt]rung${SP}học(?:${SP}cơ${SP}sở|${SP}phổ${SP}thông)?|[Mm]ầm${SP}non|[Pp]hổ${SP}thông(?:${SP}dân${SP}tộc${SP}(?:bán${SP}trú|nội${SP}trú))?|[Dd]ân${SP}tộc${SP}(?:bán${SP}trú|nội${SP}trú))`;
const NAME_OR_NUMBER = `(?:${CAP}|\\d+[A-Za-z]?)`;
/** "trường THCS Kim Đồng", "Trường Tiểu học số 2", "trường Hoa Sen", "THPT Lào Cai"; "Kim Dong Secondary School". */
const SCHOOL = new RegExp(
  [
    `${NOT_AFTER_LETTER}[Tt]rường(?:${SP}${SCHOOL_LEVEL}){0,2}(?:${SP}(?:số|xã|thị${SP}trấn))?(?:${SP}${NAME_OR_NUMBER}){1,4}${NOT_BEFORE_LETTER}`,
    `${NOT_AFTER_LETTER}(?:THCS|THPT|PTDTBT|PTDTNT|Tiểu${SP}học|Mầm${SP}non)(?:${SP}${SCHOOL_LEVEL})?(?:${SP}(?:số|xã))?(?:${SP}${NAME_OR_NUMBER}){1,4}${NOT_BEFORE_LETTER}`,
    `${NOT_AFTER_LETTER}(?:${CAP}${SP}){1,4}(?:(?:Primary|Secondary|High|Middle|Boarding|Ethnic)${SP})*School${NOT_BEFORE_LETTER}`,
  ].join('|'),
  'gu',
);

const PLACE_WORDS = `(?:${kw('tổ dân phố|khu phố|thị trấn|thị xã|xã|phường|thôn|bản|làng|ấp|tổ|xóm|khóm|buôn|plei|sóc|huyện|quận|đường|ngõ|hẻm')})`;
/** "xã Tả Van", "bản Cát Cát", "thôn 3", "tổ 5"; "Ta Van commune", "the village of Sin Chai". */
const PLACE = new RegExp(
  [
    `${NOT_AFTER_LETTER}${PLACE_WORDS}(?:${SP}(?:${CAP}|\\d+[A-Za-z]?)){1,4}${NOT_BEFORE_LETTER}`,
    `${NOT_AFTER_LETTER}(?:${CAP}${SP}){1,3}(?:${kw('commune|village|hamlet|ward|district|street')})${NOT_BEFORE_LETTER}`,
    `${NOT_AFTER_LETTER}(?:${kw('commune|village|hamlet|ward|district')})${SP}of${SP}${CAP}(?:${SP}${CAP}){0,3}${NOT_BEFORE_LETTER}`,
  ].join('|'),
  'gu',
);

/** Words that, capitalised, do not name a place or person after a place word ("Bản thân em…" is "myself"). */
const PLACE_WORD_AS_FIRST = new RegExp(`^${PLACE_WORDS}$`, 'u');

/**
 * What in `text` may identify a child, in order of position; overlapping findings keep the longer one.
 */
export function findIdentifyingText(text: string, options: IdentifyingOptions = {}): IdentifyingMatch[] {
  const safe = new Set((options.safeNames ?? []).map((n) => fold(n).trim()));
  const found: IdentifyingMatch[] = [];
  const add = (kind: IdentifyingKind, start: number, matched: string) => {
    const trimmed = matched.replace(/[\s\u00a0]+$/u, '');
    if (trimmed) found.push({ kind, start, end: start + trimmed.length, text: trimmed });
  };

  for (const m of text.matchAll(EMAIL)) add('email', m.index, m[0]);
  for (const m of text.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, '');
    const national = digits.startsWith('0084') ? digits.slice(4) : digits.startsWith('84') && !digits.startsWith('0') ? digits.slice(2) : digits.slice(1);
    if (national.length === 9 || national.length === 10) add('phone', m.index, m[0]);
  }
  for (const m of text.matchAll(SAID_NAME)) {
    const name = m[1]!;
    const start = m.index + m[0].length - name.length;
    if (!safe.has(fold(name))) add('name', start, name);
  }
  for (const m of text.matchAll(TITLED_NAME)) {
    const name = m[1]!;
    if (!isSafe(name, safe)) add('name', m.index + m[0].length - name.length, name);
  }
  for (const m of text.matchAll(FAMILY_NAME)) {
    if (isSafe(m[0], safe)) continue;
    add('name', m.index, m[0]);
  }
  for (const m of text.matchAll(SCHOOL)) add('school', m.index, m[0]);
  for (const m of text.matchAll(PLACE)) {
    const words = m[0].split(/[\s\u00a0]+/u);
    // "Thị xã" / "huyện" followed by a province's own name ("tỉnh" is not a place word) is still smaller than a
    // province, so it stays; but a place word followed only by another place word is not a name.
    if (words.length === 2 && PLACE_WORD_AS_FIRST.test(words[1]!)) continue;
    // "thị xã Lào Cai" names no more than the province does.
    if (words.length > 1 && safe.has(fold(words.slice(1).join(' ')))) continue;
    add('place', m.index, m[0]);
  }
  return dropOverlaps(found);
}

/** A match that is a safe name, or a safe name with words before it that are themselves safe. */
function isSafe(matched: string, safe: ReadonlySet<string>): boolean {
  const folded = fold(matched);
  if (safe.has(folded)) return true;
  // "Hà Nội Mới": a province name followed by more capitalised words is still treated as a possible name.
  return false;
}

function dropOverlaps(found: IdentifyingMatch[]): IdentifyingMatch[] {
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: IdentifyingMatch[] = [];
  for (const match of found) {
    const last = kept.at(-1);
    if (last && match.start < last.end) {
      if (match.end - match.start > last.end - last.start) kept[kept.length - 1] = match;
      continue;
    }
    kept.push(match);
  }
  return kept;
}

/** True when the text has anything that may identify a child. */
export function mayIdentify(text: string, options: IdentifyingOptions = {}): boolean {
  return findIdentifyingText(text, options).length > 0;
}
