import { type Result, fail, issue } from '@openpayer/domain';
import { YAMLParseError, parse as parseYaml } from 'yaml';
import { type Policy, type PolicyIssueCode, loadPolicy } from './policy.ts';

export type PolicyTextIssueCode = PolicyIssueCode | 'policy.syntax';

/**
 * A policy document as an administrator writes it, JSON or YAML (YAML 1.2: dates stay strings;
 * amounts and ratios must be quoted). A syntax error is an issue with its line and column; the
 * parsed document then goes through `loadPolicy`.
 */
export function parsePolicyText(
  text: string,
  format: 'json' | 'yaml',
): Result<Policy, PolicyTextIssueCode> {
  let document: unknown;
  try {
    document = format === 'json' ? (JSON.parse(text) as unknown) : (parseYaml(text) as unknown);
  } catch (error) {
    const position =
      error instanceof YAMLParseError && error.linePos !== undefined
        ? { line: error.linePos[0].line, column: error.linePos[0].col }
        : {};
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return fail([
      issue('policy.syntax', `the ${format.toUpperCase()} document cannot be read: ${message}`, {
        data: { format, ...position },
      }),
    ]);
  }
  return loadPolicy(document);
}
