import type { expressionsVi } from './expressions.vi';

/** Messages of the expression language, English: the same keys as expressions.vi.ts. */
export const expressionsEn: Record<keyof typeof expressionsVi, string> = {
  'expr.placeholder': 'Expression',
};
