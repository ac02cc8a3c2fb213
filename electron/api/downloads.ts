import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../core/errors';
import { DOWNLOAD_PART_BYTES } from '../../core/api/data';

/**
 * Files made for the app to save (an export of the responses) that are too large to cross the API in one message:
 * an Excel export of 100 000 responses is 52 MB, 69 MB as base64 in one reply; a million responses' would be longer
 * than a JavaScript string may be. They wait here in a private temp folder and the app fetches them in parts, in
 * order; a file goes once its last part has been read, and whatever is left goes when the session ends.
 */
export class PartDownloads {
  private folder: string | null = null;
  private readonly files = new Map<string, { path: string; size: number }>();

  /** Takes the file (moved here); returns its id and size. */
  keep(filePath: string): { downloadId: string; size: number } {
    this.folder ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-download-'));
    const downloadId = randomUUID();
    const target = path.join(this.folder, downloadId);
    fs.renameSync(filePath, target);
    const size = fs.statSync(target).size;
    this.files.set(downloadId, { path: target, size });
    return { downloadId, size };
  }

  /** The part of the file at `offset`, at most DOWNLOAD_PART_BYTES long; the file is removed after its last part. */
  part(downloadId: string, offset: number): Buffer {
    const file = this.files.get(downloadId);
    if (!file || offset > file.size) throw new AppError('badInput');
    const bytes = Buffer.alloc(Math.min(DOWNLOAD_PART_BYTES, file.size - offset));
    const fd = fs.openSync(file.path, 'r');
    try {
      fs.readSync(fd, bytes, 0, bytes.length, offset);
    } finally {
      fs.closeSync(fd);
    }
    if (offset + bytes.length >= file.size) {
      this.files.delete(downloadId);
      fs.rmSync(file.path, { force: true });
    }
    return bytes;
  }

  dispose(): void {
    if (this.folder) fs.rmSync(this.folder, { recursive: true, force: true });
    this.folder = null;
    this.files.clear();
  }
}
