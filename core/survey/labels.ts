import type { Lang } from '../i18n/messages';
import type { Labels } from './model';

/** The label in the wanted language, falling back to the other one so no question shows blank. */
export function labelIn(labels: Labels, lang: Lang): string {
  const other: Lang = lang === 'vi' ? 'en' : 'vi';
  return labels[lang]?.trim() || labels[other]?.trim() || '';
}

export function hasAnyLabel(labels: Labels): boolean {
  return Boolean(labels.vi?.trim() || labels.en?.trim());
}
