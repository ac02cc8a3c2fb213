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
});
