import { Session } from '../../electron/api/session';
import { dispatch } from '../../electron/api/dispatch';
import type { ApiName, Input, Output } from '../../core/api';
import type { Lang } from '../../core/i18n/messages';
import { tempDir } from './temp';

export const TEST_ACTOR = { name: 'tester', deviceId: 'device-test-1' };

export function newSession(): Session {
  return new Session({ projectsDir: tempDir(), actor: TEST_ACTOR });
}

/** Calls the API through the real dispatcher and returns the value, failing loudly on an error result. */
export async function call<K extends ApiName>(session: Session, name: K, input: Input<K>, lang: Lang = 'en'): Promise<Output<K>> {
  const result = await dispatch(name, input, { session, lang });
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as Output<K>;
}

/** A small bilingual survey with one single-choice and one open question, saved through the API. */
export async function seedSurvey(session: Session) {
  await call(session, 'project/create', { title: 'Diễn đàn trẻ em Lào Cai' });
  const survey = await call(session, 'survey/create', { title: { vi: 'An toàn ở trường', en: 'Safety at school' } });
  await call(session, 'survey/save', {
    surveyId: survey.id,
    title: survey.title,
    questions: [
      { name: 'safe', type: 'select_one', label: { vi: 'Em có thấy an toàn không?', en: 'Do you feel safe?' }, required: true, listName: 'yn' },
      { name: 'why', type: 'text', label: { vi: 'Vì sao?', en: 'Why?' } },
    ],
    choiceLists: {
      yn: [
        { name: '1', label: { vi: 'Có', en: 'Yes' } },
        { name: '2', label: { vi: 'Không', en: 'No' } },
        { name: '3', label: { vi: 'Không chắc', en: 'Not sure' } },
      ],
    },
  });
  return survey.id;
}
