import { describe, expect, it } from 'vitest';
import { CHOICE_NAME_PATTERN, NAME_PATTERN, holdsAnswer, isChoiceQuestion, type Labels, type SurveyContent } from '../../core/survey/model';
import { validateSurvey } from '../../core/survey/validate';
import { buildChildConsultation } from '../../electron/templates/child-consultation';
import { TEMPLATES } from '../../electron/templates';

const BOTH = ['2025', '2008'] as const;
const built: Record<(typeof BOTH)[number], SurveyContent> = {
  '2025': buildChildConsultation({ provinces: '2025' }),
  '2008': buildChildConsultation({ provinces: '2008' }),
};

const question = (survey: SurveyContent, name: string) => {
  const found = survey.questions.find((q) => q.name === name);
  if (!found) throw new Error(`no question ${name}`);
  return found;
};

const hasBoth = (labels: Labels) => Boolean(labels.vi?.trim()) && Boolean(labels.en?.trim());

/** Every string in the survey, with where it is, for the NFC check. */
function allTexts(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => allTexts(item, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => allTexts(v, `${path}.${k}`));
  return [];
}

describe.each(BOTH)('child-consultation template (provinces %s)', (provinces) => {
  const survey = built[provinces];

  it('passes validateSurvey with no problems', () => {
    expect(validateSurvey(survey)).toEqual([]);
  });

  it('has a vi and an en label on every answer-holding question, note and choice, and both hints where any', () => {
    for (const q of survey.questions) {
      if (holdsAnswer(q) || q.type === 'note' || q.type === 'begin_group') expect(hasBoth(q.label), q.name).toBe(true);
      if (q.hint.vi || q.hint.en) expect(hasBoth(q.hint), `${q.name} hint`).toBe(true);
      if (q.constraint) expect(hasBoth(q.constraintMessage ?? {}), `${q.name} constraint message`).toBe(true);
    }
    expect(hasBoth(survey.title)).toBe(true);
    for (const [list, choices] of Object.entries(survey.choiceLists)) {
      for (const choice of choices) expect(hasBoth(choice.label), `${list}/${choice.name}`).toBe(true);
    }
  });

  it('keeps all text NFC', () => {
    const bad = allTexts(survey).filter(([, text]) => text !== text.normalize('NFC'));
    expect(bad).toEqual([]);
  });

  it('uses unique XLSForm-safe names and short choice codes', () => {
    const names = survey.questions.map((q) => q.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(NAME_PATTERN);
      expect(name).toBe(name.toLowerCase());
    }
    for (const [list, choices] of Object.entries(survey.choiceLists)) {
      expect(list).toMatch(NAME_PATTERN);
      const codes = choices.map((choice) => choice.name);
      expect(new Set(codes).size, list).toBe(codes.length);
      for (const code of codes) expect(code).toMatch(CHOICE_NAME_PATTERN);
    }
    // every list a question points at exists, and every list is used
    const used = new Set(survey.questions.filter(isChoiceQuestion).map((q) => q.listName));
    expect([...used].every((list) => list && survey.choiceLists[list])).toBe(true);
    expect(Object.keys(survey.choiceLists).sort()).toEqual([...used].sort());
  });

  it('lists the provinces with their official codes', () => {
    const listName = `province_${provinces}`;
    expect(question(survey, 'province').listName).toBe(listName);
    const choices = survey.choiceLists[listName]!;
    expect(choices).toHaveLength(provinces === '2025' ? 34 : 63);
    expect(choices[0]).toEqual({ name: '01', label: { vi: 'Hà Nội', en: 'Hanoi' } });
    expect(choices.every((choice) => /^\d{2}$/.test(choice.name))).toBe(true);
    const hcmc = choices.find((choice) => choice.name === '79');
    expect(hcmc?.label.vi).toBe('Thành phố Hồ Chí Minh');
    if (provinces === '2025') {
      expect(choices.find((choice) => choice.name === '15')?.label.vi).toBe('Lào Cai');
      expect(survey.choiceLists['province_2008']).toBeUndefined();
    } else {
      expect(choices.find((choice) => choice.name === '28')).toBeUndefined(); // Hà Tây, merged in 2008
      expect(survey.choiceLists['province_2025']).toBeUndefined();
    }
  });

  it('lists the 54 ethnic groups with GSO codes, plus 98 and 99', () => {
    const choices = survey.choiceLists[question(survey, 'ethnicity').listName!]!;
    expect(choices).toHaveLength(56);
    expect(choices.slice(0, 54).map((choice) => choice.name)).toEqual(
      Array.from({ length: 54 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(choices[0]!.label.vi).toBe('Kinh');
    expect(choices[53]!.label.vi).toBe('Ơ Đu');
    expect(choices.slice(54).map((choice) => [choice.name, choice.label.vi])).toEqual([
      ['98', 'Em không biết'],
      ['99', 'Em không muốn nói'],
    ]);
  });

  it('asks nothing before consent and assent: every answer after assent is inside main, gated on ${assent}', () => {
    const qs = survey.questions;
    const assentAt = qs.findIndex((q) => q.name === 'assent');
    const mainAt = qs.findIndex((q) => q.name === 'main');
    const consentAt = qs.findIndex((q) => q.name === 'guardian_consent');
    expect(consentAt).toBeGreaterThanOrEqual(0);
    expect(consentAt).toBeLessThan(assentAt);
    expect(qs[assentAt]!.type).toBe('select_one');
    expect(survey.choiceLists[qs[assentAt]!.listName!]!.map((choice) => choice.name)).toEqual(['yes', 'no']);
    expect(survey.choiceLists[qs[consentAt]!.listName!]!.map((choice) => choice.name)).toEqual(['yes', 'no', 'not_needed']);

    const main = qs[mainAt]!;
    expect(main.type).toBe('begin_group');
    expect(main.relevance).toContain('${assent}');
    expect(main.relevance).toBe("${assent} = 'yes' and ${guardian_consent} != 'no'");

    // the end of main closes the survey
    let depth = 0;
    let mainEnd = -1;
    for (let i = mainAt; i < qs.length; i++) {
      const type = qs[i]!.type;
      if (type === 'begin_group' || type === 'begin_repeat') depth++;
      if (type === 'end_group' || type === 'end_repeat') depth--;
      if (depth === 0) {
        mainEnd = i;
        break;
      }
    }
    expect(mainEnd).toBe(qs.length - 1);

    // between assent and main: only the closing note for a child who says no, holding no answer
    const between = qs.slice(assentAt + 1, mainAt);
    expect(between.map((q) => [q.name, q.type])).toEqual([['stop_note', 'note']]);
    expect(between[0]!.relevance).toBe(`not(${main.relevance})`);

    // nothing before assent holds an answer except the two consent questions
    const before = qs.slice(0, assentAt).filter(holdsAnswer).map((q) => q.name);
    expect(before).toEqual(['guardian_consent']);
    // and the questions inside main are the rest of the answers
    const inside = qs.slice(mainAt + 1, mainEnd).filter(holdsAnswer);
    expect(inside.length).toBe(qs.filter(holdsAnswer).length - 2);
  });

  it('balances begin and end groups', () => {
    let depth = 0;
    for (const q of survey.questions) {
      if (q.type === 'begin_group') depth++;
      if (q.type === 'end_group') depth--;
      expect(depth, q.name).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it('marks the safety questions sensitive and nothing identifying', () => {
    const sensitive = survey.questions.filter((q) => q.sensitive).map((q) => q.name);
    expect(sensitive).toEqual(expect.arrayContaining(['safe_school', 'online_worry']));
    expect(survey.questions.filter((q) => q.identifying)).toEqual([]);
  });

  it('has the questions as designed', () => {
    const age = question(survey, 'age');
    expect([age.type, age.constraint]).toEqual(['integer', '. >= 6 and . <= 18']);
    expect(hasBoth(age.constraintMessage!)).toBe(true);
    expect(question(survey, 'safe_school').appearance).toBe('likert smiley');
    expect(survey.choiceLists['safety']!.map((choice) => choice.label.vi)).toEqual([
      'Rất không an toàn',
      'Không an toàn',
      'Bình thường',
      'An toàn',
      'Rất an toàn',
      'Em không muốn nói',
    ]);
    expect(question(survey, 'online_worry')).toMatchObject({ type: 'select_multiple', orOther: true });
    expect(question(survey, 'listened')).toMatchObject({ type: 'begin_group', appearance: 'table-list' });
    const rows = ['listened_home', 'listened_school', 'listened_community'].map((name) => question(survey, name));
    expect(new Set(rows.map((q) => q.listName))).toEqual(new Set(['frequency']));
    expect(question(survey, 'one_thing')).toMatchObject({
      type: 'text',
      label: { vi: 'Nếu được nói với người lớn một điều, em muốn nói gì?' },
    });
    // "I'd rather not say" is offered on every list a child answers (the consent list is the facilitator's)
    for (const q of survey.questions.filter(isChoiceQuestion)) {
      if (['guardian_consent', 'assent', 'province', 'area'].includes(q.name)) continue;
      expect(survey.choiceLists[q.listName!]!.some((choice) => choice.name === '99'), q.name).toBe(true);
    }
  });
});

describe('TEMPLATES', () => {
  it('lists the child-consultation template, built the same way as directly', () => {
    const template = TEMPLATES['child-consultation'];
    expect(hasBoth(template.build({ provinces: '2025' }).title)).toBe(true);
    expect(template.build({ provinces: '2025' })).toEqual(built['2025']);
  });
});
