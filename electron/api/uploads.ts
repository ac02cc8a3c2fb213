import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../core/errors';

/**
 * Files too large to cross the API in one message (a national export of a million rows is about 460 MB; one
 * base64 string of it is longer than JavaScript allows): the app sends them in parts, written here to a private
 * temp folder under their own names, then used by path and removed (an import then reads a large file from disk
 * a piece at a time, never whole). Whatever is left goes when the session ends.
 */
export class PartUploads {
  private folder: string | null = null;
  private readonly files = new Map<string, { path: string; size: number; received: number }>();

  /** A new upload of `size` bytes; returns its id. */
  begin(fileName: string, size: number): string {
    this.folder ??= fs.mkdtempSync(path.join(os.tmpdir(), 'tiengnoi-upload-'));
    const id = randomUUID();
    const dir = path.join(this.folder, id);
    fs.mkdirSync(dir);
    const target = path.join(dir, path.basename(fileName.replace(/\\/g, '/')) || 'file');
    fs.writeFileSync(target, '');
    this.files.set(id, { path: target, size, received: 0 });
    return id;
  }

  /** The next part, at `offset` (parts come in order); returns the bytes received so far. */
  part(id: string, offset: number, bytes: Buffer): number {
    const file = this.files.get(id);
    if (!file || offset !== file.received || file.received + bytes.length > file.size) throw new AppError('badInput');
    fs.appendFileSync(file.path, bytes);
    file.received += bytes.length;
    return file.received;
  }

  /** Runs `work` on the paths of the files, each sent whole, then removes them. */
  async use<T>(ids: readonly string[], work: (filePaths: string[]) => T | Promise<T>): Promise<T> {
    const files = ids.map((id) => this.files.get(id));
    if (files.some((file) => !file || file.received !== file.size)) throw new AppError('badInput');
    for (const id of ids) this.files.delete(id);
    try {
      return await work(files.map((file) => file!.path));
    } finally {
      for (const file of files) fs.rmSync(path.dirname(file!.path), { recursive: true, force: true });
    }
  }

  dispose(): void {
    if (this.folder) fs.rmSync(this.folder, { recursive: true, force: true });
    this.folder = null;
    this.files.clear();
  }
}
