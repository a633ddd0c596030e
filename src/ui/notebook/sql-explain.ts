/**
 * DuckDB's error messages explained in the UI language. DuckDB writes English only; the cell shows
 * this explanation first and keeps DuckDB's own sentence beside it, so nothing is lost in translation.
 */
import type { MessageKey, MessageParams } from '../i18n';

/** An explanation: a catalogue key and its values. */
export interface SqlExplanation {
  key: MessageKey;
  params: MessageParams;
}

const PATTERNS: readonly [RegExp, MessageKey, (match: RegExpExecArray) => MessageParams][] = [
  [/syntax error at or near "([^"]*)"/i, 'sqlerr.syntax', (m) => ({ near: m[1] ?? '' })],
  [/syntax error at end of input/i, 'sqlerr.syntaxEnd', () => ({})],
  [/Referenced column "?([^"\s]+)"? not found/i, 'sqlerr.column', (m) => ({ name: m[1] ?? '' })],
  [/column "([^"]+)" must appear in the GROUP BY clause/i, 'sqlerr.groupBy', (m) => ({ name: m[1] ?? '' })],
  [/(?:Scalar|Aggregate|Table) Function with name "?([^"\s]+)"? does not exist/i, 'sqlerr.noFunction', (m) => ({ name: m[1] ?? '' })],
  [/No function matches the given name and argument types '([^(']+)/i, 'sqlerr.argumentTypes', (m) => ({ name: m[1] ?? '' })],
  [/Could not convert string '([^']*)' to (\w+)/i, 'sqlerr.convert', (m) => ({ value: m[1] ?? '', type: m[2] ?? '' })],
  [/Ambiguous reference to column name "([^"]+)"/i, 'sqlerr.ambiguous', (m) => ({ name: m[1] ?? '' })],
  [/Out of Memory/i, 'sqlerr.memory', () => ({})],
  [/Interrupted|INTERRUPT/i, 'sqlerr.interrupted', () => ({})],
  [/Permission Error|enable_external_access|disabled by configuration/i, 'sqlerr.access', () => ({})],
];

/** The explanation of DuckDB message `message`, or a general one when no pattern fits. */
export function explainSqlError(message: string): SqlExplanation {
  for (const [pattern, key, params] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return { key, params: params(match) };
  }
  return { key: 'sqlerr.other', params: {} };
}
