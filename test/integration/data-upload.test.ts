import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { call, newSession, seedSurvey } from '../helpers/session';

const uuid = (n: number) => `5e5e5e5e-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A Kobo-style CSV of `rows` responses to the seeded survey, with Vietnamese text cut across the parts. */
function exportCsv(rows: number): Buffer {
  const lines = ['safe,why,_uuid'];
  for (let n = 1; n <= rows; n++) lines.push(`${(n % 3) + 1},"Em thấy ở trường có bạn bè, số ${n}",${uuid(n)}`);
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

describe('a data export sent to the app in parts, then imported from disk', () => {
  it('imports a file sent in several parts (a part may end inside a character) and removes it afterwards', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    const bytes = exportCsv(300);
    const { uploadId } = await call(session, 'data/uploadBegin', { fileName: 'kobo-lao-cai.csv', size: bytes.length });
    const partSize = 4001; // odd: parts end in the middle of Vietnamese letters (two or three UTF-8 bytes each)
    let received = 0;
    for (let offset = 0; offset < bytes.length; offset += partSize) {
      ({ received } = await call(session, 'data/uploadPart', { uploadId, offset, base64: bytes.subarray(offset, offset + partSize).toString('base64') }));
    }
    expect(received).toBe(bytes.length);
    const result = await call(session, 'data/importResponses', { surveyId, uploadId });
    expect(result).toMatchObject({ rows: 300, imported: 300, skipped: 0, problems: [] });
    const why = session.db.prepare(`SELECT value FROM answer WHERE question_name = 'why' ORDER BY response_id DESC LIMIT 1`).pluck().get();
    expect(why).toMatch(/^Em thấy ở trường có bạn bè, số \d+$/);
    // The file was used once and removed: the same id names nothing any more.
    const again = await dispatch('data/importResponses', { surveyId, uploadId }, { session, lang: 'en' });
    expect(again.ok).toBe(false);
    session.dispose();
  });

  it('refuses a part out of order, a part past the size given, and an import of a file not wholly sent', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    const bytes = exportCsv(10);
    const { uploadId } = await call(session, 'data/uploadBegin', { fileName: 'a.csv', size: bytes.length });
    const part = (offset: number, end: number) => dispatch('data/uploadPart', { uploadId, offset, base64: bytes.subarray(offset, end).toString('base64') }, { session, lang: 'vi' });
    expect((await part(0, 100)).ok).toBe(true);
    expect((await part(200, 300)).ok).toBe(false);
    expect((await dispatch('data/importResponses', { surveyId, uploadId }, { session, lang: 'vi' })).ok).toBe(false);
    const tooLong = await dispatch('data/uploadPart', { uploadId, offset: 100, base64: Buffer.concat([bytes.subarray(100), Buffer.from('x')]).toString('base64') }, { session, lang: 'vi' });
    expect(tooLong.ok).toBe(false);
    expect(session.db.prepare('SELECT count(*) FROM response').pluck().get()).toBe(0);
    session.dispose();
  });

  it('refuses a file larger than the app takes, saying so in the user’s language', async () => {
    const session = newSession();
    await seedSurvey(session);
    for (const [lang, words] of [
      ['vi', 'quá lớn'],
      ['en', 'too large'],
    ] as const) {
      const result = await dispatch('data/uploadBegin', { fileName: 'ca-nuoc.csv', size: 3 * 1024 ** 3 }, { session, lang });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('upload.tooLarge');
        expect(result.error.message).toContain(words);
        expect(result.error.message).toContain('ca-nuoc.csv');
      }
    }
    session.dispose();
  });

  it('merges two laptops’ project files of the same name, each sent in parts, and removes them afterwards', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    const target = session.openPath!;
    session.closeProject(); // its last writes folded into the file, to be copied
    // Two laptops: copies of this project, each with a child of its own, both files named "du-an.tiengnoi".
    const laptops: Buffer[] = [];
    for (const why of ['Có bạn bè', 'Thầy cô tốt']) {
      const laptop = newSession();
      fs.copyFileSync(target, path.join(laptop.projectsDir, 'du-an.tiengnoi'));
      await call(laptop, 'project/open', { file: 'du-an.tiengnoi' });
      const response = await call(laptop, 'response/create', { surveyId });
      await call(laptop, 'response/answer', { responseId: response.id, question: 'safe', value: '1' });
      await call(laptop, 'response/answer', { responseId: response.id, question: 'why', value: why });
      await call(laptop, 'response/complete', { responseId: response.id });
      laptop.closeProject();
      laptops.push(fs.readFileSync(path.join(laptop.projectsDir, 'du-an.tiengnoi')));
      laptop.dispose();
    }
    await call(session, 'project/open', { file: path.basename(target) });
    const uploadIds: string[] = [];
    for (const bytes of laptops) {
      const { uploadId } = await call(session, 'data/uploadBegin', { fileName: 'du-an.tiengnoi', size: bytes.length });
      const half = Math.ceil(bytes.length / 2);
      await call(session, 'data/uploadPart', { uploadId, offset: 0, base64: bytes.subarray(0, half).toString('base64') });
      await call(session, 'data/uploadPart', { uploadId, offset: half, base64: bytes.subarray(half).toString('base64') });
      uploadIds.push(uploadId);
    }
    const report = await call(session, 'data/merge', { uploadIds });
    expect(report.files.map((f) => [f.file, f.added])).toEqual([
      ['du-an.tiengnoi', 1],
      ['du-an.tiengnoi', 1],
    ]);
    expect(session.db.prepare(`SELECT value FROM answer WHERE question_name = 'why' ORDER BY value`).pluck().all()).toEqual(['Có bạn bè', 'Thầy cô tốt']);
    expect((await dispatch('data/merge', { uploadIds }, { session, lang: 'en' })).ok).toBe(false);
    session.dispose();
  });
});
