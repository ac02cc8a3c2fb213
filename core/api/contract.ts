import type { z } from 'zod';
import type { ApiErrorValue } from '../errors';

/** One method of the API: its input schema (validated on the main side) and, as a type only, its output. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  output: O;
}

export type ApiDomain = Record<string, MethodSpec>;

/** Declares an output type without a runtime value: `output: returns<Survey>()`. */
export function returns<T>(): T {
  return undefined as T;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorValue };

/** Events pushed from the main side to every window (Electron) or tab (browser mode). */
export interface ApiEvents {
  'project/changed': { path: string | null };
  'responses/changed': { surveyId: string };
  /**
   * How far a long piece of work has got (an import, an export, a merge, bringing an older project file up to
   * date when it is opened), for its progress bar.
   */
  'task/progress': { task: 'importResponses' | 'exportResponses' | 'merge' | 'upgradeProject' | 'prepareAnalysis' | 'prepareSearch'; done: number; total: number };
}
export type ApiEventName = keyof ApiEvents;
