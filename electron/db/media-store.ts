import { AppError } from '../../core/errors';
import { uniqueName } from '../../core/survey/names';
import { safeMediaName, sniffImage, type ImageType } from '../../core/survey/images';
import type { Db } from './open';
import { now } from './clock';
import { audit, type Actor } from './audit';
import { writeTransaction } from './transaction';

/**
 * Stores a picture under a safe, unused file name (the same bytes under the same name are stored once) and
 * returns the name questions and choices refer to.
 */
export function addImage(db: Db, fileName: string, bytes: Buffer, actor: Actor): string {
  const mime = sniffImage(bytes);
  if (!mime) throw new AppError('media.notImage', { file: fileName });
  const wanted = safeMediaName(fileName);
  return writeTransaction(db, () => {
    const same = db.prepare('SELECT name FROM media WHERE name = ? AND data = ?').pluck().get(wanted, bytes) as string | undefined;
    if (same) return same;
    const taken = db.prepare('SELECT name FROM media').pluck().all() as string[];
    // Another picture already has the name: number this one before its extension (photo_2.png).
    const dot = wanted.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [wanted.slice(0, dot), wanted.slice(dot)] : [wanted, ''];
    const stems = taken.filter((n) => n.endsWith(extension)).map((n) => n.slice(0, n.length - extension.length));
    const name = uniqueName(stem, stems) + extension;
    db.prepare('INSERT INTO media (name, mime, data, created_at) VALUES (?, ?, ?, ?)').run(name, mime, bytes, now());
    audit(db, actor, 'add', 'media', name, { bytes: bytes.length });
    return name;
  })();
}

export function getImage(db: Db, name: string): { mime: ImageType; data: Buffer } {
  const row = db.prepare('SELECT mime, data FROM media WHERE name = ?').get(name) as { mime: ImageType; data: Buffer } | undefined;
  if (!row) throw new AppError('media.notFound', { file: name });
  return row;
}
