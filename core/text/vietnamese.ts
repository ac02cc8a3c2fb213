/** Vietnamese text helpers shared by both sides: storage is always NFC, sorting is Vietnamese. */

export function nfc(text: string): string {
  return text.normalize('NFC');
}

const ASCII = /^[\x00-\x7f]*$/;

/** Drops tone marks and diacritics (đ → d) and lower-cases, for search and name-making. */
export function fold(text: string): string {
  // Most answers (numbers, codes, dates) are plain ASCII, which has nothing to drop.
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

const viCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

export function compareVi(a: string, b: string): number {
  return viCollator.compare(a, b);
}
