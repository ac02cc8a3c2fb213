import { fold } from '../text/vietnamese';

/**
 * Makes an XLSForm-safe variable name from a label ("Em bao nhiêu tuổi?" → "em_bao_nhieu_tuoi"),
 * unique among `taken`. Kept short so exported column headers stay readable.
 */
export function nameFromLabel(label: string, taken: Iterable<string>, fallback = 'q'): string {
  const words = fold(label).split(/[^a-z0-9]+/).filter(Boolean);
  // Whole words up to about 32 characters: readable column headers in exports.
  let base = words[0]?.slice(0, 32) ?? '';
  for (const word of words.slice(1)) {
    if (base.length + 1 + word.length > 32) break;
    base += `_${word}`;
  }
  base ||= fallback;
  const safe = /^[a-z_]/.test(base) ? base : `${fallback}_${base}`;
  return uniqueName(safe, taken);
}

export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

/** What a person typed as a variable name, made XLSForm-safe but otherwise kept ("Tuổi em" → "Tuoi_em"). */
export function toSafeName(typed: string): string {
  const ascii = typed
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .trim()
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .slice(0, 64);
  if (!ascii) return '';
  return /^[A-Za-z_]/.test(ascii) ? ascii : `_${ascii}`.slice(0, 64);
}
