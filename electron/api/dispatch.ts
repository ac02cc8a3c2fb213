import path from 'node:path';
import { z } from 'zod';
import { api, isApiName, type ApiResult } from '../../core/api';
import { AppError } from '../../core/errors';
import type { Lang } from '../../core/i18n/messages';
import { toErrorValue } from './error-value';
import { mapOpenError } from '../db/open';
import type { Ctx, Handlers } from './handler-types';
import { handlers as defaultHandlers } from './handlers';

/**
 * The single entry point for every call from a window: validate the input against the declared schema,
 * run the handler, and turn any failure into a structured error in the caller's language.
 * The renderer is not trusted, and no stack trace or answer ever goes back to it.
 */
export async function dispatch(
  name: string,
  rawInput: unknown,
  ctx: Ctx,
  handlers: Handlers = defaultHandlers,
): Promise<ApiResult<unknown>> {
  if (!isApiName(name)) return failure(new AppError('unknownMethod', { method: String(name).slice(0, 80) }), ctx.lang);
  const parsed = api[name].input.safeParse(rawInput ?? {}, { error: z.locales[ctx.lang]().localeError });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return { ok: false, error: { ...toErrorValue(new AppError('badInput'), ctx.lang), issues } };
  }
  try {
    const handler = handlers[name] as (input: unknown, ctx: Ctx) => unknown;
    return { ok: true, value: await handler(parsed.data, ctx) };
  } catch (error) {
    const file = ctx.session.openPath ? path.basename(ctx.session.openPath) : '';
    const mapped = mapOpenError(error, file);
    if (!(mapped instanceof AppError)) {
      // The stack names code, not data: inputs (children's answers) are never logged.
      console.error(`[api] ${name} failed:`, (error as Error)?.stack ?? String(error));
    }
    return failure(mapped, ctx.lang);
  }
}

function failure(error: unknown, lang: Lang): ApiResult<never> {
  return { ok: false, error: toErrorValue(error, lang) };
}
