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
  return choosePlurals(lang, template, params).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? formatParam(lang, params[name]!) : whole,
  );
}

/**
 * `{count, plural, one {# answer} other {# answers}}` (ICU's syntax, the part the catalogs use): the form the
 * language's plural rules choose for the number (`=0`, `=1`… first), `#` being the number as the language writes
 * it. English needs it ("1 answer"); Vietnamese has one form. A block whose number is missing stays as it is.
 */
function choosePlurals(lang: Lang, template: string, params: MessageParams): string {
  let out = '';
  let at = 0;
  const head = /\{(\w+),\s*plural,/g;
  for (let match = head.exec(template); match; match = head.exec(template)) {
    const block = readPluralBlock(template, head.lastIndex);
    const value = params[match[1]!];
    if (!block || typeof value !== 'number') continue;
    const form = block.forms.get(`=${value}`) ?? block.forms.get(pluralRules(lang).select(value)) ?? block.forms.get('other') ?? '';
    out += template.slice(at, match.index) + form.replaceAll('#', formatNumber(lang, value));
    at = head.lastIndex = block.end;
  }
  return out + template.slice(at);
}

/** The forms of a plural block from just after `plural,`, and where the block ends; null if it is not well formed. */
function readPluralBlock(template: string, from: number): { forms: Map<string, string>; end: number } | null {
  const forms = new Map<string, string>();
  let at = from;
  for (;;) {
    while (template[at] === ' ') at++;
    if (template[at] === '}') return { forms, end: at + 1 };
    const selector = /^(=\d+|zero|one|two|few|many|other)\s*\{/.exec(template.slice(at));
    if (!selector) return null;
    at += selector[0].length;
    // The form runs to its matching brace: it may hold placeholders of its own.
    const start = at;
    for (let depth = 1; depth > 0; at++) {
      if (at >= template.length) return null;
      if (template[at] === '{') depth++;
      else if (template[at] === '}') depth--;
    }
    forms.set(selector[1]!, template.slice(start, at - 1));
  }
}

const rules = new Map<Lang, Intl.PluralRules>();
function pluralRules(lang: Lang): Intl.PluralRules {
  let rule = rules.get(lang);
  if (!rule) rules.set(lang, (rule = new Intl.PluralRules(lang)));
  return rule;
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
