import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { vi as T } from '../../../core/i18n/vi';
import type { Survey, SurveySummary } from '../../../core/survey/model';
import { ROOT, callApi, type RunningServer } from './server';

export const CONSULTATION_FILE = 'tham-van.tiengnoi';

/** A server `prepare` step: a project from the bilingual child-consultation template. */
export function prepareConsultation({ projectsDir, configDir }: { projectsDir: string; configDir: string }): void {
  execFileSync(process.execPath, [path.join(ROOT, 'bin/tiengnoi.mjs'), 'new', path.join(projectsDir, CONSULTATION_FILE), '--title', 'Tham vấn trẻ em 2026', '--template', 'child-consultation'], {
    env: { ...process.env, TIENGNOI_CONFIG_DIR: configDir },
  });
}

export interface Child {
  age: string;
  sex: 'girl' | 'boy' | 'other';
  province: string;
  /** safe_school's scale point "1"–"5", or null for a refusal. */
  safe: string | null;
}

/** A small seeded generator, so the tables are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `count` children (72 unless said), entered and completed through the API: two large provinces and a small one;
 * girls and boys, and one in 36 who describes themselves another way, so some cells are under 5 and most are not;
 * one in 23 refuses safe_school. Returns the survey and the children, for counting by hand.
 */
export async function seedConsultation(server: RunningServer, count = 72): Promise<{ survey: Survey; children: Child[] }> {
  await callApi(server, 'project/open', { file: CONSULTATION_FILE });
  const [summary] = await callApi<SurveySummary[]>(server, 'survey/list', {});
  const survey = await callApi<Survey>(server, 'survey/get', { surveyId: summary!.id });
  const provinces = survey.choiceLists[survey.questions.find((q) => q.name === 'province')!.listName!]!.map((c) => c.name);
  const rnd = random(7);
  const children: Child[] = Array.from({ length: count }, (_, i) => ({
    age: String(8 + Math.floor(rnd() * 10)),
    sex: i % 36 === 5 ? 'other' : i % 2 === 0 ? 'girl' : 'boy',
    province: i < (count * 34) / 72 ? provinces[0]! : i < (count * 66) / 72 ? provinces[1]! : provinces[2]!,
    safe: i % 23 === 7 ? null : String(1 + Math.min(4, Math.floor(rnd() * 3) + (i % 3))),
  }));
  const enter = async (child: Child) => {
    const { id } = await callApi<{ id: string }>(server, 'response/create', { surveyId: survey.id });
    const answer = (question: string, value: string) => callApi(server, 'response/answer', { responseId: id, question, value });
    await answer('guardian_consent', 'yes');
    await answer('assent', 'yes');
    await answer('age', child.age);
    await answer('sex', child.sex);
    await answer('province', child.province);
    if (child.safe === null) await callApi(server, 'response/refuse', { responseId: id, question: 'safe_school' });
    else await answer('safe_school', child.safe);
    await callApi(server, 'response/complete', { responseId: id });
  };
  for (let i = 0; i < children.length; i += 8) await Promise.all(children.slice(i, i + 8).map(enter));
  return { survey, children };
}

/** Opens the app at the project (the server opened it) and goes to the Results screen of the survey, as a person clicks. */
export async function openResults(page: Page, server: RunningServer, survey: Survey): Promise<void> {
  await page.goto(server.openUrl);
  await page.waitForURL(`${server.url}#/project`);
  await page.getByRole('listitem').filter({ hasText: survey.title.vi! }).getByRole('button', { name: T['project.results'], exact: true }).click();
  await page.getByRole('heading', { level: 1, name: `${T['results.title']}: ${survey.title.vi}` }).waitFor();
}
