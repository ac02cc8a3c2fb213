import { AppError, errorKey, type ApiErrorValue } from '../../core/errors';
import { translate, type Lang } from '../../core/i18n/messages';

/** Any failure as the structured value a window receives: a code, its parameters, and a message in `lang`. */
export function toErrorValue(error: unknown, lang: Lang): ApiErrorValue {
  const appError = error instanceof AppError ? error : new AppError('internal');
  return { code: appError.code, params: appError.params, message: translate(lang, errorKey(appError.code), appError.params) };
}
