import { AppError, type ErrorCode, type ErrorParams } from '../../core/errors';

/**
 * An error as it crosses from a thread of work (an import, an upgrade) to the thread that started it (an Error does
 * not survive postMessage whole): its message and code, and for an AppError its params, so that it is said as it
 * would be.
 */
export interface ThreadError {
  message: string;
  code?: string;
  params?: ErrorParams;
  appError: boolean;
}

export function toThreadError(error: unknown): ThreadError {
  if (error instanceof AppError) return { message: error.message, code: error.code, params: error.params, appError: true };
  return { message: error instanceof Error ? error.message : String(error), code: (error as { code?: string } | null)?.code, appError: false };
}

export function fromThreadError(error: ThreadError): Error {
  if (error.appError) return new AppError(error.code as ErrorCode, error.params);
  return Object.assign(new Error(error.message), { code: error.code });
}
