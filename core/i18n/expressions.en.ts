import type { expressionsVi } from './expressions.vi';

/** Messages of the expression language, English: the same keys and placeholders as expressions.vi.ts. */
export const expressionsEn: Record<keyof typeof expressionsVi, string> = {
  'expr.field.relevance': 'relevance (skip logic)',
  'expr.field.constraint': 'constraint',
  'expr.field.calculation': 'calculation',
  'expr.field.choiceFilter': 'choice filter',
  'expr.field.repeatCount': 'repeat count',
  'expr.field.default': 'default value',

  'expr.unknownQuestion': 'Unknown question ${{ref}} in the {field} of {question}. Did you mean ${{suggestion}}?',
  'expr.unknownQuestionNoSuggestion': 'Unknown question ${{ref}} in the {field} of {question}.',
  'expr.selfReference': 'The {field} of {question} cannot depend on the question itself.',
  'expr.badRegex': 'In the {field} of {question}: the regex pattern "{pattern}" is not valid.',

  'expr.error.empty': 'In the {field} of {question}: the expression is empty.',
  'expr.error.unexpectedCharacter': 'In the {field} of {question}, at character {column}: "{char}" cannot be used in an expression.',
  'expr.error.curlyQuote':
    'In the {field} of {question}, at character {column}: the curly quote {char} (often pasted from a word processor) does not work; type a straight quote \' or " instead.',
  'expr.error.unclosedString': 'In the {field} of {question}, at character {column}: a text in quotes is not closed.',
  'expr.error.unclosedReference': 'In the {field} of {question}, at character {column}: a } is missing to close ${…}.',
  'expr.error.badReferenceName':
    'In the {field} of {question}, at character {column}: "{name}" is not a valid question name (a letter or _ first, then only unaccented letters, digits, _ . -).',
  'expr.error.unexpectedToken': 'In the {field} of {question}, at character {column}: "{token}" is not expected here.',
  'expr.error.unexpectedEnd': 'In the {field} of {question}, at character {column}: the expression stops too early; a value is missing.',
  'expr.error.missingParenthesis': 'In the {field} of {question}, at character {column}: a ) is missing to close a bracket.',
  'expr.error.extraParenthesis': 'In the {field} of {question}, at character {column}: there is one ) too many.',
  'expr.error.bareName':
    'In the {field} of {question}, at character {column}: to use the answer to a question write ${{name}}, not {name}.',
  'expr.error.unknownFunction': 'In the {field} of {question}, at character {column}: the function {name}() is not supported.',
  'expr.error.wrongArgumentCount':
    'In the {field} of {question}, at character {column}: {name}() takes {expected, plural, one {# argument} other {# arguments}}, but has {count} here.',
  'expr.error.tooFewArguments':
    'In the {field} of {question}, at character {column}: {name}() takes at least {min, plural, one {# argument} other {# arguments}}, but has {count} here.',
  'expr.error.referenceExpected':
    'In the {field} of {question}, at character {column}: argument {argument} of {name}() must be a question, written ${…}.',
  'expr.error.parentExpected': 'In the {field} of {question}, at character {column}: {name}() takes exactly "..", as in position(..).',
  'expr.error.misplacedParent': 'In the {field} of {question}, at character {column}: ".." can only be used in position(..).',
  'expr.error.tooDeep': 'In the {field} of {question}, at character {column}: the expression is nested too deeply.',
};
