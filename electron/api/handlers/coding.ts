import { AppError } from '../../../core/errors';
import { attributeLine, canBeAttribute, renderAttributes, type RenderedAttribute } from '../../../core/coding/attributes';
import { findIdentifyingText, type IdentifyingMatch } from '../../../core/coding/identifying-text';
import type { CodingQuote } from '../../../core/api/coding';
import { codesColumnName } from '../../../core/coding/code-column';
import { translate, type Lang } from '../../../core/i18n/messages';
import { parseAnswerKey } from '../../../core/survey/instances';
import type { SurveyContent } from '../../../core/survey/model';
import {
  assertAnswers,
  assertOpenQuestion,
  assignThemes,
  createTheme,
  deleteTheme,
  groupSize,
  listAnswers,
  listOpenQuestions,
  listThemes,
  moveTheme,
  quoteRows,
  renameTheme,
  starQuote,
  unassignThemes,
  unstarQuote,
  type QuoteRow,
} from '../../db/coding-store';
import { findResponse, readAnswers } from '../../db/response-store';
import { readContent } from '../../db/survey-store';
import type { Db } from '../../db/open';
import { loadProvinces2008, loadProvinces2025 } from '../../reference/load';
import { tableWithCodes } from '../../analysis/codes-table';
import { projectMinCell } from '../../analysis/views';
import type { Handlers } from '../handler-types';
import { withColumns } from './with-columns';
import { analysisColumns } from '../../analysis/column-cache';
import { groupSizeInColumns } from '../../analysis/group-size';
import { answeredCount } from '../../analysis/code-columns';

type CodingHandlers = Pick<
  Handlers,
  | 'coding/questions'
  | 'coding/answers'
  | 'coding/themes'
  | 'coding/createTheme'
  | 'coding/renameTheme'
  | 'coding/moveTheme'
  | 'coding/deleteTheme'
  | 'coding/assign'
  | 'coding/unassign'
  | 'coding/star'
  | 'coding/unstar'
  | 'coding/quotes'
  | 'coding/checkText'
  | 'coding/table'
>;

let safeNames: string[] | null = null;
/** Names that look like a person's or a small place's but are a province's (Hà Nội, Hồ Chí Minh, Cao Bằng…). */
export function provinceNames(): string[] {
  if (!safeNames) {
    const names = new Set<string>(['Việt Nam', 'Viet Nam', 'Vietnam']);
    for (const p of [...loadProvinces2025(), ...loadProvinces2008()]) {
      // "Thành phố Hồ Chí Minh" is written "Hồ Chí Minh" and "TP. Hồ Chí Minh" as often.
      const bare = p.name_vi.replace(/^(Thành phố|Tỉnh) /u, '');
      for (const name of [p.name_vi, bare, `Thành phố ${bare}`, `TP. ${bare}`, `TP ${bare}`, p.name_en, p.name_en.replace(/ City$/, '')]) names.add(name);
    }
    safeNames = [...names];
  }
  return safeNames;
}

export function identifying(text: string, lang: Lang): { matches: IdentifyingMatch[]; warning: string | null } {
  const matches = findIdentifyingText(text, { safeNames: provinceNames() });
  if (matches.length === 0) return { matches, warning: null };
  const kinds = [...new Set(matches.map((m) => m.kind))].map((kind) => translate(lang, `coding.kind.${kind}`));
  return { matches, warning: translate(lang, 'coding.warning', { kinds: kinds.join(translate(lang, 'coding.attribute.separator')) }) };
}

/** The quotes as the screen shows them; `db` with the survey's columns ready (withColumns), which count the groups. */
function quotesOut(db: Db, surveyId: string, rows: readonly QuoteRow[], lang: Lang): CodingQuote[] {
  const contents = new Map<number, SurveyContent>();
  const k = projectMinCell(db);
  const columns = rows.length > 0 ? analysisColumns(db, surveyId).set : null;
  const groupSizes = new Map<string, number>();
  const sizeOf = (attributes: RenderedAttribute[]) => {
    const key = JSON.stringify(attributes.map((a) => [a.question, a.value]));
    let size = groupSizes.get(key);
    if (size === undefined) groupSizes.set(key, (size = groupSizeInColumns(columns!, attributes) ?? groupSize(db, surveyId, attributes)));
    return size;
  };
  return rows.map((row) => {
    const survey = contents.get(row.versionId) ?? contents.set(row.versionId, readContent(db, row.versionId)).get(row.versionId)!;
    const chosen = JSON.parse(row.attributes) as string[];
    const attributes = renderAttributes(survey, chosen, readAnswers(db, row.responseId), lang);
    const text = row.excerpt ?? row.answer;
    const check = identifying(text, lang);
    const smallGroup = attributes.length > 0 && sizeOf(attributes) < k;
    const warnings = [check.warning, smallGroup ? translate(lang, 'coding.warningSmallGroup', { k, attributes: attributeLine(attributes, lang) }) : null];
    const warning = warnings.filter((w): w is string => w !== null).join(' ') || null;
    return {
      responseId: row.responseId,
      number: row.number,
      key: row.key,
      text,
      excerpt: row.excerpt,
      answer: row.answer,
      attributes,
      attributeLine: attributeLine(attributes, lang),
      chosenAttributes: chosen,
      themeIds: (JSON.parse(row.themes) as string[]).sort(),
      identifying: check.matches,
      smallGroup,
      warning,
      starredAt: row.starredAt,
    };
  });
}

export const codingHandlers: CodingHandlers = {
  'coding/questions': async ({ surveyId }, { session }) => {
    const db = await withColumns(session, surveyId);
    const { set } = analysisColumns(db, surveyId);
    return listOpenQuestions(db, surveyId, (question) => answeredCount(set, question));
  },
  'coding/answers': (input, { session }) => listAnswers(session.db, input),
  'coding/themes': ({ surveyId, question }, { session }) => {
    assertOpenQuestion(session.db, surveyId, question);
    return listThemes(session.db, surveyId, question);
  },
  'coding/createTheme': (input, { session }) => createTheme(session.db, session.actor, input),
  'coding/renameTheme': ({ themeId, label }, { session }) => renameTheme(session.db, session.actor, themeId, label),
  'coding/moveTheme': ({ themeId, parentId, position }, { session }) => moveTheme(session.db, session.actor, themeId, parentId, position),
  'coding/deleteTheme': ({ themeId, reassignTo }, { session }) => deleteTheme(session.db, session.actor, themeId, reassignTo),
  'coding/assign': (input, { session }) => ({ added: assignThemes(session.db, session.actor, input) }),
  'coding/unassign': (input, { session }) => ({ removed: unassignThemes(session.db, session.actor, input) }),
  'coding/star': async ({ responseId, key, attributes, excerpt }, { session, lang }) => {
    const response = findResponse(session.db, responseId);
    const db = await withColumns(session, response.surveyId);
    const question = parseAnswerKey(key)?.name ?? key;
    assertOpenQuestion(db, response.surveyId, question);
    assertAnswers(db, response.surveyId, question, [{ responseId, key }]);
    const survey = readContent(db, response.versionId);
    for (const name of attributes) {
      if (!canBeAttribute(survey.questions.find((q) => q.name === name))) throw new AppError('coding.badAttribute', { question: name });
    }
    starQuote(db, session.actor, { responseId, key }, [...new Set(attributes)], excerpt);
    const [quote] = quotesOut(db, response.surveyId, quoteRows(db, response.surveyId, undefined, { responseId, key }), lang);
    if (!quote) throw new AppError('coding.answerNotFound', { question: key });
    return quote;
  },
  'coding/unstar': ({ responseId, key }, { session }) => ({ removed: unstarQuote(session.db, session.actor, { responseId, key }) }),
  'coding/quotes': async ({ surveyId, question }, { session, lang }) => {
    if (question) assertOpenQuestion(session.db, surveyId, question);
    const db = await withColumns(session, surveyId);
    return quotesOut(db, surveyId, quoteRows(db, surveyId, question), lang);
  },
  'coding/checkText': ({ text }, { lang }) => identifying(text, lang),
  'coding/table': async ({ level, question, ...request }, { session }) => {
    assertOpenQuestion(session.db, request.surveyId, question);
    return tableWithCodes(await withColumns(session, request.surveyId), { ...request, question: codesColumnName(question) }, level);
  },
};
