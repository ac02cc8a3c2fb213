/**
 * SPSS variable names from column headers. SPSS wants at most 64 bytes, a letter first, then letters, digits, `_`
 * or `.`, no `.` last, none of its reserved words, and names unique whatever the case. Headers like `_uuid`,
 * `difficulty/see` or `q-1` are not, so they are mapped: characters SPSS refuses become `_`, leading characters
 * that are not letters are dropped (`v` is put first when nothing is left), a reserved word gets `_` after it, a
 * name is cut to 64 characters, and a name already taken gets `_2`, `_3`… The codebook lists every mapping.
 */

const RESERVED = new Set(['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH']);
const MAX = 64;

export function spssName(header: string): string {
  const cleaned = header.replace(/[^A-Za-z0-9_.]/g, '_');
  let name = cleaned.replace(/^[^A-Za-z]+/, '');
  if (name === '') name = `v${cleaned}`;
  name = name.slice(0, MAX).replace(/\.+$/, (dots) => '_'.repeat(dots.length));
  if (RESERVED.has(name.toUpperCase())) name = `${name}_`;
  return name;
}

/**
 * SPSS names for the columns of one table (one dataset), in order, unique whatever the case. Headers that are valid
 * SPSS names already keep them; the mapped ones make way (`worry/other` becomes `worry_other_2` when the text
 * column `worry_other` exists).
 */
export function spssNames(headers: readonly string[]): string[] {
  const used = new Set<string>();
  const names: (string | undefined)[] = headers.map((header) => {
    const name = spssName(header);
    if (name !== header || used.has(name.toUpperCase())) return undefined;
    used.add(name.toUpperCase());
    return name;
  });
  return headers.map((header, i) => {
    if (names[i] !== undefined) return names[i]!;
    const base = spssName(header);
    let name = base;
    for (let n = 2; used.has(name.toUpperCase()); n++) {
      const suffix = `_${n}`;
      name = base.slice(0, MAX - suffix.length) + suffix;
    }
    used.add(name.toUpperCase());
    return name;
  });
}
