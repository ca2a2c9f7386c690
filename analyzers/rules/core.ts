import type { RuleMeta } from './types';

/** Rules the language core reports while building the model (language/model); listed here for docs and SARIF. */
export const CORE_RULES: readonly RuleMeta[] = [
  { id: 'syntax', severity: 'error', description: 'The text does not follow the statement grammar (lexer or parser error).' },
  { id: 'schema', severity: 'error', description: 'An unknown kind or property, a value of the wrong type, or a value out of range.' },
  { id: 'reference', severity: 'error', description: 'A name that is not declared: an element, an operation or a zone.' },
  { id: 'duplicate', severity: 'error', description: 'A name declared twice, or a property set twice.' },
  { id: 'encoding', severity: 'error', description: 'The file is not valid UTF-8; it was not checked and is never rewritten.' },
  { id: 'internal', severity: 'error', description: 'A rule failed while checking this file; the other rules still ran.' },
];
