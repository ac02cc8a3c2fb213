import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { DOWNLOAD_PART_BYTES } from '../../core/api/data';
import { PartDownloads } from '../../electron/api/downloads';
import { dispatch } from '../../electron/api/dispatch';
import { call, newSession, seedSurvey } from '../helpers/session';
import { tempDir } from '../helpers/temp';

describe('files fetched from the main side in parts', () => {
  it('gives a file larger than a part back in order, whole, then removes it', () => {
    const file = path.join(tempDir(), 'export.xlsx');
    const bytes = Buffer.alloc(2 * DOWNLOAD_PART_BYTES + 12345);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) % 251;
    fs.writeFileSync(file, bytes);
    const downloads = new PartDownloads();
    const { downloadId, size } = downloads.keep(file);
    expect(size).toBe(bytes.length);
    expect(fs.existsSync(file)).toBe(false); // moved, not copied

    const parts: Buffer[] = [];
    for (let offset = 0; offset < size; offset += parts.at(-1)!.length) parts.push(downloads.part(downloadId, offset));
    expect(parts.map((p) => p.length)).toEqual([DOWNLOAD_PART_BYTES, DOWNLOAD_PART_BYTES, 12345]);
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
    // Gone after its last part.
    expect(() => downloads.part(downloadId, 0)).toThrow();
    downloads.dispose();
  });

  it('an export of the responses through the API is fetched part by part and opens as a workbook', async () => {
    const session = newSession();
    const surveyId = await seedSurvey(session);
    const exported = await call(session, 'data/exportResponses', { surveyId, format: 'xlsx', labels: true, lang: 'vi', includeIdentifying: false });
    const [file] = exported.files;
    expect(file).toMatchObject({ mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(file!.fileName).toMatch(/\.xlsx$/);
    const { base64 } = await call(session, 'data/downloadPart', { downloadId: file!.downloadId, offset: 0 });
    const bytes = Buffer.from(base64, 'base64');
    expect(bytes.length).toBe(file!.size);
    expect(XLSX.read(bytes).SheetNames).toContain('codebook');
    const again = await dispatch('data/downloadPart', { downloadId: file!.downloadId, offset: 0 }, { session, lang: 'en' });
    expect(again.ok).toBe(false);
    session.dispose();
  });
});
