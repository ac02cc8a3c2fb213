import type { ApiName, Output, ParsedInput } from '../../core/api';
import type { Lang } from '../../core/i18n/messages';
import type { Session } from './session';

export interface Ctx {
  session: Session;
  lang: Lang;
}

export type Handler<K extends ApiName> = (input: ParsedInput<K>, ctx: Ctx) => Output<K> | Promise<Output<K>>;
export type Handlers = { [K in ApiName]: Handler<K> };
