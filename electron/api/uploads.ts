import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface UploadedFile {
  fileName: string;
  base64: string;
}

/**
 * Writes files picked in the app (which cross the API as base64) into a private temp folder under their own
 * names, so that messages and reports name them as the user knows them; removes the folder afterwards.
 */
export function withUploadedFiles<T>(files: readonly UploadedFile[], work: (paths: string[]) => T): T {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-upload-'));
  try {
    const paths = files.map((file, index) => {
      // Two files of the same name (two laptops' "du-an.tiengnoi") each keep their name, in folders of their own.
      const dir = path.join(folder, String(index));
      fs.mkdirSync(dir);
      const target = path.join(dir, path.basename(file.fileName.replace(/\\/g, '/')) || `file-${index}`);
      fs.writeFileSync(target, Buffer.from(file.base64, 'base64'));
      return target;
    });
    return work(paths);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
