import type { Lang } from '../i18n/messages';
import type { Labels } from './model';

/**
 * The label in the wanted language, falling back to the other one, then to any language an imported form
 * brought, so no question shows blank.
 */
export function labelIn(labels: Labels, lang: Lang): string {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  return labels[lang]?.trim() || labels[other]?.trim() || Object.values(labels).find((text) => text?.trim())?.trim() || '';
}

export function hasAnyLabel(labels: Labels): boolean {
  return Object.values(labels).some((text) => Boolean(text?.trim()));
}
