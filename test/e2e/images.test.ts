import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { deflateSync } from 'node:zlib';
import { vi as T } from '../../core/i18n/vi';
import { openBrowser, screenshot, type OpenBrowser } from './helpers/browser';
import { startServer, type RunningServer } from './helpers/server';

/**
 * Pictures on a question and on its choices: picked from files in the designer, kept in the project file,
 * and shown to the child in the preview. The texts come from the Vietnamese catalog itself.
 */

/** A small solid-colour PNG, made here so the test needs no image file checked in. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

describe('pictures on questions and choices (vi)', () => {
  let server: RunningServer;
  let browser: OpenBrowser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  it('picks pictures in the designer and shows them to the child in the preview', async () => {
    const { page } = browser;
    await page.goto(server.openUrl);
    await page.getByLabel(T['home.newTitle']).fill('Tranh vẽ của em');
    await page.getByRole('button', { name: T['home.create'] }).click();
    await page.getByLabel(T['project.surveyTitleVi']).fill('Em thích con vật nào?');
    await page.getByRole('button', { name: T['project.createSurvey'] }).click();
    await page.getByRole('button', { name: T['designer.addSelectOne'] }).click();
    const card = page.locator('[data-question-index="0"]');
    await card.getByLabel(T['designer.labelVi']).fill('Em thích con vật nào nhất?');

    // The question's picture, then one picture per choice, each chosen as a person picks a file.
    const chooseFile = async (button: ReturnType<typeof card.getByRole>, name: string, colour: [number, number, number]) => {
      const chooser = page.waitForEvent('filechooser');
      await button.click();
      await (await chooser).setFiles({ name, mimeType: 'image/png', buffer: png(120, 80, colour) });
    };
    await chooseFile(card.getByRole('button', { name: `${T['designer.image']}: ${T['designer.pickImage']}` }), 'Vườn thú.png', [40, 160, 90]);
    for (const [i, [vi, colour]] of ([['Con mèo', [230, 120, 40]], ['Con chó', [60, 90, 200]]] as const).entries()) {
      await card.getByRole('button', { name: T['designer.addChoice'] }).click();
      await card.getByRole('textbox', { name: T['designer.choiceVi'], exact: true }).nth(i).fill(vi);
      await chooseFile(card.getByRole('button', { name: `${i + 1} · ${T['designer.image']}: ${T['designer.pickImage']}` }), `${vi}.png`, [...colour]);
    }
    // Thumbnails in the editor: one for the question, one per choice, all loaded.
    await expect.poll(() => card.locator('img.survey-image').count()).toBe(3);
    await page.locator('.save-status[data-state="saved"]').waitFor();

    await page.getByRole('tab', { name: T['designer.viewPreview'] }).click();
    const kiosk = page.locator('.kiosk');
    await kiosk.getByRole('heading', { name: 'Em thích con vật nào nhất?' }).waitFor();
    const images = kiosk.locator('img.survey-image');
    await expect.poll(() => images.count()).toBe(3);
    const sizes = await images.evaluateAll((list) => list.map((img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]));
    expect(sizes).toEqual([
      [120, 80],
      [120, 80],
      [120, 80],
    ]);
    await screenshot(page, 'images-preview-child');
    expect(browser.errors).toEqual([]);
  });
});
