/** Messages of the expression language (skip logic, constraints, calculations), Vietnamese. Keys start with "expr.". */
export const expressionsVi = {
  'expr.placeholder': 'Biểu thức',
} as const satisfies Record<`expr.${string}`, string>;
