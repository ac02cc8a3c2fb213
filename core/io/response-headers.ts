/**
 * The columns of a Kobo/ODK data export → where their values go in our answers.
 *
 * Exports name a column by the question's path (`group/sub/q`, `-` or `.` separated in some tools), by the name
 * alone ("no group names"), or by its label in any language of the form. Repeats come either flattened with
 * their instance (`children[2]/age`) or in tables of their own (extra sheets or files, joined by `_parent_index`
 * or ODK's PARENT_KEY). A select_multiple may also come split, one 0/1 column a choice (`colors/red`). Metadata
 * columns (`_uuid`, `_submission_time`, `meta/instanceID`…) are recognised; what matches nothing is reported.
 */
import { OTHER_SUFFIX } from '../survey/answers';
import { storesValue, type Question, type SurveyContent } from '../survey/model';
import { fold, nfc } from '../text/vietnamese';
import { matchChoice } from './response-values';

export interface RepeatInfo {
  question: Question;
  /** 1 for a repeat at the top level, 2 for a repeat inside it… */
  depth: number;
  parent: RepeatInfo | null;
  /** Names of the groups and repeats from the root down to this repeat, as the XLSForm wrote them. */
  path: string[];
}

interface Step {
  /** The names an export may use for this group or question (the XLSForm name first). */
  names: string[];
  repeat: RepeatInfo | null;
}

/** A place a column's value can go: a question that keeps a value, or the text of its "other, please specify". */
export interface Entry {
  question: Question;
  /** The answer key's name: the question's name, or `<name>_other`. */
  name: string;
  other: boolean;
  steps: Step[];
  /** The repeats around it, outermost first (the answer key has one instance number for each). */
  repeats: RepeatInfo[];
  labels: string[];
  templates: RegExp[];
}

export interface SurveyIndex {
  survey: SurveyContent;
  entries: Entry[];
  repeats: RepeatInfo[];
}

export type MetaField =
  | 'uuid'
  | 'instanceId'
  | 'key'
  | 'parentKey'
  | 'submissionTime'
  | 'index'
  | 'parentIndex'
  | 'parentTable'
  | 'submissionUuid'
  | 'formId'
  | 'ignored';

/**
 * Where a column goes. `fixed` holds the instance of each repeat below the table's own level (the row gives the
 * rest); `implicit` when the last one was counted from the column's position (a names-only or labels export).
 */
export type Target =
  | { kind: 'answer'; entry: Entry; fixed: number[]; implicit: boolean }
  | { kind: 'choice'; entry: Entry; choice: string; fixed: number[]; implicit: boolean }
  | { kind: 'geoPart'; entry: Entry; part: number; fixed: number[]; implicit: boolean }
  | { kind: 'meta'; field: MetaField }
  | { kind: 'unmatched'; reason: 'unknown' | 'ambiguous' | 'duplicate' | 'outOfScope' };

export interface ColumnPlan {
  /** 0-based column of the sheet. */
  column: number;
  header: string;
  target: Target;
}

const nameOf = (q: Question) => q.xlsformName ?? q.name;
const uniq = (items: string[]) => [...new Set(items.filter(Boolean))];
const squash = (text: string) => fold(nfc(text).trim().replace(/\s+/g, ' '));

/** Labels as an export prints them; `${q}` and `%(label)s` placeholders match any text. */
function labelMatchers(question: Question): { labels: string[]; templates: RegExp[] } {
  const texts = Object.values(question.label).filter((l): l is string => typeof l === 'string' && l.trim() !== '');
  const labels: string[] = [];
  const templates: RegExp[] = [];
  for (const text of texts) {
    const folded = squash(text);
    if (!/\$\{[^}]*\}|%\([^)]*\)s/.test(folded)) {
      labels.push(folded);
      continue;
    }
    const pattern = folded
      .split(/\$\{[^}]*\}|%\([^)]*\)s/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('(.+?)');
    templates.push(new RegExp(`^${pattern}$`));
  }
  return { labels: uniq(labels), templates };
}

/** Every place a value can go, with the paths an export may name it by. Built once per import. */
export function indexSurvey(survey: SurveyContent): SurveyIndex {
  const entries: Entry[] = [];
  const repeats: RepeatInfo[] = [];
  const open: { question: Question; step: Step }[] = [];
  for (const question of survey.questions) {
    if (question.type === 'end_group' || question.type === 'end_repeat') {
      open.pop();
      continue;
    }
    const parent = open.at(-1)?.question;
    if (question.type === 'begin_group' || question.type === 'begin_repeat') {
      let repeat: RepeatInfo | null = null;
      if (question.type === 'begin_repeat') {
        const enclosing = [...open].reverse().find((o) => o.step.repeat)?.step.repeat ?? null;
        repeat = { question, depth: (enclosing?.depth ?? 0) + 1, parent: enclosing, path: [...open.map((o) => o.step.names[0]!), nameOf(question)] };
        repeats.push(repeat);
      }
      open.push({ question, step: { names: uniq([nameOf(question), question.name]), repeat } });
      continue;
    }
    if (!storesValue(question)) continue;
    const groups = open.map((o) => o.step);
    const enclosing = groups.flatMap((s) => (s.repeat ? [s.repeat] : []));
    // Surveys imported before xlsformName existed: `children_name` was `name` inside the group `children`.
    const alias = !question.xlsformName && parent && question.name.startsWith(`${parent.name}_`) ? question.name.slice(parent.name.length + 1) : '';
    entries.push({
      question,
      name: question.name,
      other: false,
      steps: [...groups, { names: uniq([nameOf(question), question.name, alias]), repeat: null }],
      repeats: enclosing,
      ...labelMatchers(question),
    });
    if (question.orOther) {
      const name = `${question.name}${OTHER_SUFFIX}`;
      entries.push({
        question: { name, type: 'text', label: question.label, hint: {}, required: false },
        name,
        other: true,
        steps: [...groups, { names: uniq([`${nameOf(question)}${OTHER_SUFFIX}`, name]), repeat: null }],
        repeats: enclosing,
        labels: [],
        templates: [],
      });
    }
  }
  return { survey, entries, repeats };
}

interface Segment {
  name: string;
  index?: number;
}

const SEPARATORS = ['/', '-', '.', ':'];

function segments(header: string, separator: string): Segment[] {
  return header.split(separator).map((part) => {
    const match = /^(.*?)\[(\d{1,4})\]$/.exec(part.trim());
    return match ? { name: match[1]!, index: Number(match[2]) } : { name: part.trim() };
  });
}

/** The instance a loop item names (`loop/ambulance/q`): its place in the choice list the loop went over. */
function loopItem(index: SurveyIndex, repeat: RepeatInfo, item: string): number | null {
  const count = Number(repeat.question.repeatCount);
  if (!Number.isInteger(count) || count < 1) return null;
  const places = new Set<number>();
  for (const list of Object.values(index.survey.choiceLists)) {
    if (list.length !== count) continue;
    const at = list.findIndex((c) => c.name === item);
    if (at >= 0) places.add(at + 1);
  }
  return places.size === 1 ? [...places][0]! : null;
}

interface Alignment {
  given: Map<RepeatInfo, number>;
  /** The header names every group (no group left out). */
  exact: boolean;
}

/** Whether the header's segments name this entry: its full path, or the end of it (groups left out). */
function align(index: SurveyIndex, segs: Segment[], entry: Entry): Alignment | null {
  for (let skip = 0; skip < entry.steps.length; skip++) {
    const given = alignFrom(index, segs, entry.steps, skip);
    if (given) return { given, exact: skip === 0 };
  }
  return null;
}

function alignFrom(index: SurveyIndex, segs: Segment[], steps: Step[], skip: number): Map<RepeatInfo, number> | null {
  const given = new Map<RepeatInfo, number>();
  let j = 0;
  for (let i = skip; i < steps.length; i++) {
    const seg = segs[j];
    const step = steps[i]!;
    if (!seg || !step.names.includes(seg.name)) return null;
    if (seg.index !== undefined) {
      if (!step.repeat) return null;
      given.set(step.repeat, seg.index);
    }
    j++;
    const next = segs[j];
    if (step.repeat && i < steps.length - 1 && next && !steps[i + 1]!.names.includes(next.name)) {
      const item = loopItem(index, step.repeat, next.name);
      if (item === null) return null;
      given.set(step.repeat, item);
      j++;
    }
  }
  return j === segs.length ? given : null;
}

interface Candidate {
  entry: Entry;
  given: Map<RepeatInfo, number>;
  exact: boolean;
  choice?: string;
  part?: number;
}

function byName(index: SurveyIndex, segs: Segment[], filter: (e: Entry) => boolean = () => true): Candidate[] {
  const found: Candidate[] = [];
  for (const entry of index.entries) {
    if (!filter(entry)) continue;
    const aligned = align(index, segs, entry);
    if (aligned) found.push({ entry, ...aligned });
  }
  return found;
}

function byLabel(index: SurveyIndex, text: string, filter: (e: Entry) => boolean = () => true): Candidate[] {
  const wanted = squash(text);
  if (!wanted) return [];
  return index.entries
    .filter((e) => filter(e) && (e.labels.includes(wanted) || e.templates.some((t) => t.test(wanted))))
    .map((entry) => ({ entry, given: new Map(), exact: false }));
}

const isMultiple = (e: Entry) => !e.other && e.question.type === 'select_multiple';
const GEO_TYPES = new Set(['geopoint', 'gps', 'geotrace', 'geoshape']);
const isGeo = (e: Entry) => e.question.type === 'not_collected' && GEO_TYPES.has((e.question.xlsformType ?? '').trim().split(/\s+/)[0]!.toLowerCase());
/** Kobo and onadata: `_gps_latitude`; ODK Central: `gps-Latitude` (a part of its own, Accuracy for precision). */
const GEO_PART = /^_(.+)_(latitude|longitude|altitude|precision)$/;
const GEO_PARTS = ['latitude', 'longitude', 'altitude', 'precision'];
const GEO_PART_SEGMENT: Record<string, number> = { latitude: 0, longitude: 1, altitude: 2, accuracy: 3, precision: 3 };

/** A split select_multiple column: the question (by path or label), then a choice (by code or label). */
function byChoice(index: SurveyIndex, header: string, separator: string): Candidate[] {
  const segs = segments(header, separator);
  const found: Candidate[] = [];
  for (let k = segs.length - 1; k >= 1; k--) {
    const choiceText = segs.slice(k).map((s) => s.name).join(separator);
    const questionText = header.split(separator).slice(0, k).join(separator);
    const questions = byName(index, segs.slice(0, k), isMultiple);
    const candidates = questions.length ? questions : byLabel(index, questionText, isMultiple);
    for (const candidate of candidates) {
      const match = matchChoice(index.survey, candidate.entry.question, choiceText);
      if (match && 'code' in match) found.push({ ...candidate, choice: match.code });
    }
    if (found.length) return found;
  }
  return found;
}

function byGeoPart(index: SurveyIndex, segs: Segment[]): Candidate[] {
  const last = segs.at(-1);
  if (!last) return [];
  const own = GEO_PART_SEGMENT[last.name.toLowerCase()];
  if (own !== undefined && segs.length > 1) return byName(index, segs.slice(0, -1), isGeo).map((c) => ({ ...c, part: own }));
  const match = GEO_PART.exec(last.name);
  if (!match) return [];
  const renamed = [...segs.slice(0, -1), { ...last, name: match[1]! }];
  return byName(index, renamed, isGeo).map((c) => ({ ...c, part: GEO_PARTS.indexOf(match[2]!) }));
}

/** The ways a header can be read, most specific first; the first that finds something wins. */
function candidates(index: SurveyIndex, header: string): Candidate[] {
  for (const separator of SEPARATORS) {
    if (separator !== '/' && !header.includes(separator)) continue;
    const segs = segments(header, separator);
    const found = byName(index, segs);
    if (found.length) return found;
    const choice = byChoice(index, header, separator);
    if (choice.length) return choice;
    const geo = byGeoPart(index, segs);
    if (geo.length) return geo;
  }
  return [];
}

function labelCandidates(index: SurveyIndex, header: string): Candidate[] {
  const whole = byLabel(index, header);
  if (whole.length) return whole;
  // "Group label/Question label", or a question's label and a choice's label split by "/".
  const parts = header.split('/');
  for (let k = 1; k < parts.length; k++) {
    const found = byLabel(index, parts.slice(k).join('/'));
    if (found.length) return found;
  }
  return byChoice(index, header, '/');
}

const META_EXACT: Record<string, MetaField> = {
  _uuid: 'uuid',
  'meta/instanceid': 'instanceId',
  instanceid: 'instanceId',
  key: 'key',
  parent_key: 'parentKey',
  _submission_time: 'submissionTime',
  submissiondate: 'submissionTime',
  _index: 'index',
  _parent_index: 'parentIndex',
  _parent_table_name: 'parentTable',
  _submission__uuid: 'submissionUuid',
  _xform_id_string: 'formId',
  // Tiếng Nói's own exports: when the response was started.
  _created_at: 'submissionTime',
};

/** Columns Kobo, onadata and ODK Central add about a submission rather than a question (whole headers). */
const META_IGNORED = new Set([
  '_id', '_status', '_tags', '_notes', '_version', '__version__', '_duration', '_submitted_by', '_validation_status',
  '_attachments', '_geolocation', '_total_media', '_media_count', '_media_all_received', '_date_modified',
  '_review_status', '_review_comment', '_last_edited_by', '_xform_id', '_edited', '_bamboo_dataset_id', '_deleted_at',
  'instancename', 'submitterid', 'submittername', 'attachmentspresent', 'attachmentsexpected',
  'status', 'reviewstate', 'deviceid', 'edits', 'formversion',
  // Tiếng Nói's own exports: the project gives imported responses numbers, codes and times of their own.
  '_number', '_paper_code', '_updated_at', '_completed_at', '_device_id',
]);

/** A metadata column, by its full header or its last segment (`meta/instanceID`, `meta-instanceID`, `instanceID`). */
export function metaField(header: string): MetaField | null {
  const lower = header.trim().toLowerCase();
  if (META_EXACT[lower]) return META_EXACT[lower];
  const last = lower.split(/[/\-.:]/).at(-1) ?? lower;
  if (last === 'instanceid') return 'instanceId';
  // `status` after a group name may be a question the survey lost: only underscored names count as metadata there.
  if (META_IGNORED.has(lower) || (last.startsWith('_') && META_IGNORED.has(last))) return 'ignored';
  if (/^(meta|formhub)[/\-.:]/.test(lower) || lower.startsWith('_submission_')) return 'ignored';
  return null;
}

/** Where the table sits: the repeat its rows are instances of, or null for the submissions themselves. */
export type Scope = RepeatInfo | null;

const scopeFit = (entry: Entry, scope: Scope) =>
  (entry.repeats.at(-1) ?? null) === scope ? 2 : scope === null || entry.repeats.includes(scope) ? 1 : 0;

/** The one best candidate for a table of this scope; null when none fits, 'ambiguous' when two fit as well. */
function best(found: Candidate[], scope: Scope): Candidate | null | 'ambiguous' {
  const ranked = found
    .map((c) => ({ c, rank: scopeFit(c.entry, scope) * 2 + (c.exact ? 1 : 0) }))
    .filter((x) => x.rank >= 2)
    .sort((a, b) => b.rank - a.rank);
  const top = ranked[0];
  if (!top) return null;
  const rivals = ranked.filter((x) => x.rank === top.rank && (x.c.entry !== top.c.entry || x.c.choice !== top.c.choice || x.c.part !== top.c.part));
  return rivals.length ? 'ambiguous' : top.c;
}

/** What a header alone says: the question or metadata it names, before instances are worked out. */
export function readHeader(index: SurveyIndex, header: string, scope: Scope): Candidate | MetaField | 'ambiguous' | null {
  const text = nfc(header).trim();
  if (!text) return null;
  const byNames = best(candidates(index, text), scope);
  if (byNames) return byNames;
  // A repeat's own column (Tiếng Nói's exports write its number of instances there): the rows of its table say it.
  if (index.repeats.some((r) => r.question.name === text || r.question.xlsformName === text)) return 'ignored';
  const meta = metaField(text);
  if (meta) return meta;
  return best(labelCandidates(index, text), scope);
}

/**
 * Plans every column of one table. Instances below the table's level come from the header (`children[2]/age`,
 * a loop item) or, for names-only and labels exports, from the order of the columns: the second `age` column
 * of a repeat is its second instance. Two columns for the same answer: the second is reported, not used.
 */
export function planColumns(index: SurveyIndex, headers: { column: number; header: string }[], scope: Scope): ColumnPlan[] {
  const depth = scope?.depth ?? 0;
  const seen = new Set<string>();
  const counters = new Map<string, number>();
  return headers.map(({ column, header }) => {
    const read = readHeader(index, header, scope);
    const plan = (target: Target): ColumnPlan => ({ column, header, target });
    if (read === null) return plan({ kind: 'unmatched', reason: 'unknown' });
    if (read === 'ambiguous') return plan({ kind: 'unmatched', reason: 'ambiguous' });
    if (typeof read === 'string') return plan({ kind: 'meta', field: read });
    const { entry } = read;
    const below = entry.repeats.slice(depth);
    if (depth > 0 && entry.repeats[depth - 1] !== scope) return plan({ kind: 'unmatched', reason: 'outOfScope' });
    const fixed = below.map((r) => read.given.get(r) ?? 0);
    const missing = fixed.filter((i) => i === 0).length;
    let implicit = false;
    if (missing > 1 || (missing === 1 && fixed.at(-1) !== 0)) return plan({ kind: 'unmatched', reason: 'ambiguous' });
    const what = `${entry.name}|${read.choice ?? ''}|${read.part ?? ''}`;
    if (missing === 1) {
      const counter = `${what}|${fixed.slice(0, -1).join(',')}`;
      const next = (counters.get(counter) ?? 0) + 1;
      counters.set(counter, next);
      fixed[fixed.length - 1] = next;
      implicit = true;
    }
    const key = `${what}|${fixed.join(',')}`;
    if (seen.has(key)) return plan({ kind: 'unmatched', reason: 'duplicate' });
    seen.add(key);
    if (read.choice !== undefined) return plan({ kind: 'choice', entry, choice: read.choice, fixed, implicit });
    if (read.part !== undefined) return plan({ kind: 'geoPart', entry, part: read.part, fixed, implicit });
    return plan({ kind: 'answer', entry, fixed, implicit });
  });
}

/** The repeat a table is named after: a Kobo sheet (names cut at 31 characters) or file (`children_cartoons.csv`). */
export function repeatByName(index: SurveyIndex, tableName: string): RepeatInfo | null {
  const wanted = tableName.trim().toLowerCase();
  if (!wanted) return null;
  const found = index.repeats.filter((r) => {
    const names = [r.question.name, nameOf(r.question), r.path.join('_'), r.path.join('/'), r.path.join('.')].map((n) => n.toLowerCase());
    return names.includes(wanted) || (wanted.length === 31 && names.some((n) => n.startsWith(wanted)));
  });
  return found.length === 1 ? found[0]! : null;
}

/** The repeat a table's columns belong to: the innermost repeat around every question its headers name. */
export function repeatByColumns(index: SurveyIndex, headers: string[]): RepeatInfo | null {
  const chains: RepeatInfo[][] = [];
  for (const header of headers) {
    const found = candidates(index, nfc(header).trim());
    const read = found.length ? found : labelCandidates(index, nfc(header).trim());
    const entries = new Set(read.map((c) => c.entry));
    if (entries.size === 1) chains.push([...entries][0]!.repeats);
  }
  if (!chains.length) return null;
  let common = chains[0]!;
  for (const chain of chains.slice(1)) {
    let n = 0;
    while (n < common.length && n < chain.length && common[n] === chain[n]) n++;
    common = common.slice(0, n);
  }
  return common.at(-1) ?? null;
}

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
