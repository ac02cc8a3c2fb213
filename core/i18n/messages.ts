import { vi } from './vi';
import { en } from './en';

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'vi';

export type MessageKey = keyof typeof vi;
export type Catalog = Record<MessageKey, string>;
export type MessageParams = Record<string, string | number>;

const catalogs: Record<Lang, Catalog> = { vi, en };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function translate(lang: Lang, key: MessageKey, params: MessageParams = {}): string {
  const template = catalogs[lang][key] ?? catalogs[DEFAULT_LANG][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? formatParam(lang, params[name]!) : whole,
  );
}

function formatParam(lang: Lang, value: string | number): string {
  return typeof value === 'number' ? formatNumber(lang, value) : value;
}

/** A number as the language writes it: 85.996 in Vietnamese, 85,996 in English. */
export function formatNumber(lang: Lang, value: number): string {
  return value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
}

export function catalogKeys(lang: Lang): string[] {
  return Object.keys(catalogs[lang]);
}
