import { describe, expect, it } from 'vitest';
import { escapeFormula, needsFormulaEscape, unescapeFormula } from '../../core/io/formula-escape';

/** Spreadsheet formula injection: what a child types must never run on a researcher's computer. */
describe('formula escaping', () => {
  it('puts an apostrophe before text that a spreadsheet would run as a formula', () => {
    expect(escapeFormula('=1+1')).toBe("'=1+1");
    expect(escapeFormula('=HYPERLINK("http://example.com","bấm vào đây")')).toBe('\'=HYPERLINK("http://example.com","bấm vào đây")');
    expect(escapeFormula("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    expect(escapeFormula('+SUM(A1:A9)')).toBe("'+SUM(A1:A9)");
    expect(escapeFormula('-2+3')).toBe("'-2+3");
    expect(escapeFormula('- Em muốn được nói')).toBe("'- Em muốn được nói");
    expect(escapeFormula('@SUM(1,2)')).toBe("'@SUM(1,2)");
    expect(escapeFormula('\t=1+1')).toBe("'\t=1+1");
    expect(escapeFormula('\r=1+1')).toBe("'\r=1+1");
    expect(escapeFormula('=))) vui lắm')).toBe("'=))) vui lắm");
  });

  it('leaves ordinary text and plain numbers alone', () => {
    for (const text of ['', 'Em mong người lớn lắng nghe', 'a=b', '1+1', 'email@example.com', ' =1 with a space first', '01', 'girl']) {
      expect(escapeFormula(text)).toBe(text);
      expect(needsFormulaEscape(text)).toBe(false);
    }
    // Negative answers, the refusal code and signed numbers stay numbers: nothing can run in them.
    for (const number of ['-5', '-99', '+84', '-1.5', '-1.5e3', '+.5']) expect(escapeFormula(number)).toBe(number);
  });

  it('can always be undone exactly, even for text that already starts with an apostrophe', () => {
    const texts = ['=1+1', "'=1+1", "''=1+1", "'hello", 'hello', '-5', "'-5", '-x', '@', '\t', "'", '', "'@x"];
    for (const text of texts) expect(unescapeFormula(escapeFormula(text))).toBe(text);
    expect(escapeFormula("'=1+1")).toBe("''=1+1");
    expect(escapeFormula("'hello")).toBe("'hello");
    expect(unescapeFormula("'hello")).toBe("'hello");
  });
});
