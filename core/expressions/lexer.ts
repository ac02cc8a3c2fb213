import { ExpressionError } from './errors';

export type Token =
  | { type: 'number'; value: number; text: string; position: number }
  | { type: 'string'; value: string; text: string; position: number }
  | { type: 'ref'; value: string; text: string; position: number }
  /** Function names, bare names and the word operators and/or/div/mod (the parser tells them apart by place). */
  | { type: 'name'; value: string; text: string; position: number }
  | { type: 'symbol'; value: Sym; text: string; position: number }
  | { type: 'end'; value: ''; text: ''; position: number };

export type Sym = '(' | ')' | ',' | '.' | '..' | '+' | '-' | '*' | '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Names inside ${…}, as XLSForm allows them (the length limit is the model's business). */
export const REFERENCE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const SYMBOLS: readonly Sym[] = ['..', '!=', '<=', '>=', '(', ')', ',', '.', '+', '-', '*', '=', '<', '>'];
const CURLY_QUOTES = '“”‘’„‚«»';
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)/y;
// XPath NCName-ish: letters, digits, _ and -; a prefix (jr:choice-name) is kept so it is reported as an unknown function.
const NAME = /[A-Za-z_][A-Za-z0-9_-]*(?::[A-Za-z_][A-Za-z0-9_-]*)?/y;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const start = i;
    if (char === "'" || char === '"') {
      const close = source.indexOf(char, i + 1);
      if (close < 0) throw new ExpressionError('unclosedString', start);
      const value = source.slice(i + 1, close);
      tokens.push({ type: 'string', value, text: source.slice(start, close + 1), position: start });
      i = close + 1;
      continue;
    }
    if (char === '$' && source[i + 1] === '{') {
      const close = source.indexOf('}', i + 2);
      if (close < 0) throw new ExpressionError('unclosedReference', start);
      const name = source.slice(i + 2, close);
      if (!REFERENCE_NAME.test(name)) throw new ExpressionError('badReferenceName', start, { name });
      tokens.push({ type: 'ref', value: name, text: source.slice(start, close + 1), position: start });
      i = close + 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(source);
    if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), text: number[0], position: start });
      i += number[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(source);
    if (name) {
      tokens.push({ type: 'name', value: name[0], text: name[0], position: start });
      i += name[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => source.startsWith(s, i));
    if (symbol) {
      tokens.push({ type: 'symbol', value: symbol, text: symbol, position: start });
      i += symbol.length;
      continue;
    }
    const whole = String.fromCodePoint(source.codePointAt(i)!);
    if (CURLY_QUOTES.includes(whole)) throw new ExpressionError('curlyQuote', start, { char: whole });
    throw new ExpressionError('unexpectedCharacter', start, { char: whole });
  }
  tokens.push({ type: 'end', value: '', text: '', position: source.length });
  return tokens;
}
