import type { z } from 'zod';
import type { ApiResult } from './contract';
import { projectApi } from './project';
import { surveyApi } from './survey';
import { responseApi } from './response';
import { responsesApi } from './responses';
import { analysisApi } from './analysis';
import { dataApi } from './data';
import { codingApi } from './coding';

/** The one declaration of the API. IPC, the HTTP bridge and the renderer client are derived from it. */
export const api = { ...projectApi, ...surveyApi, ...responseApi, ...responsesApi, ...analysisApi, ...dataApi, ...codingApi };

export type Api = typeof api;
export type ApiName = keyof Api;
/** What a caller sends (before defaults and transforms). */
export type Input<K extends ApiName> = z.input<Api[K]['input']>;
/** What a handler receives (validated and normalised). */
export type ParsedInput<K extends ApiName> = z.output<Api[K]['input']>;
export type Output<K extends ApiName> = Api[K]['output'];

export function isApiName(name: string): name is ApiName {
  return Object.hasOwn(api, name);
}

/** The renderer's call signature; both transports implement it. */
export type Send = <K extends ApiName>(name: K, input: Input<K>) => Promise<ApiResult<Output<K>>>;

export type { ApiResult, ApiEvents, ApiEventName } from './contract';
