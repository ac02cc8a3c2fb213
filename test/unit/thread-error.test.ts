import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { fromThreadError, toThreadError } from '../../electron/io/thread-error';

/** What the thread that started an import gets back of an error thrown on the import's thread (through postMessage). */
const across = (error: unknown) => fromThreadError(structuredClone(toThreadError(error)));

describe('an error crossing from an import thread', () => {
  it('comes back as the same AppError: its code and params, so the user reads the same message', () => {
    const back = across(new AppError('upload.tooLarge', { file: 'ca-nuoc.csv', max: 2 }));
    expect(back).toBeInstanceOf(AppError);
    expect(back).toMatchObject({ code: 'upload.tooLarge', params: { file: 'ca-nuoc.csv', max: 2 } });
  });

  it('keeps the message and code of any other error (SQLite says SQLITE_BUSY), and of a thrown string its text', () => {
    const back = across(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect(back).not.toBeInstanceOf(AppError);
    expect(back).toMatchObject({ message: 'database is locked', code: 'SQLITE_BUSY' });
    expect(across('out of disk').message).toBe('out of disk');
  });
});
