import { type Issue, type Result, fail, issue } from '@openpayer/domain';
import { type ComposedText, MAX_POLICY_NESTING, composeText, withPositions } from './locate.ts';
import { type Policy, type PolicyIssueCode, loadPolicy } from './policy.ts';

export type PolicyTextIssueCode = PolicyIssueCode | 'policy.syntax';

/**
 * A policy document as an administrator writes it, JSON or YAML (YAML 1.2: dates stay strings;
 * amounts and ratios must be quoted). A syntax error is an issue with its line and column; the
 * parsed document then goes through `loadPolicy`, and each of its issues that names a field
 * written in the text gets that field's line and column too.
 */
export function parsePolicyText(
  text: string,
  format: 'json' | 'yaml',
): Result<Policy, PolicyTextIssueCode> {
  let composed: ComposedText | undefined;
  const compose = () => (composed ??= composeText(text));
  let document: unknown;
  if (format === 'json') {
    try {
      document = JSON.parse(text) as unknown;
    } catch (error) {
      return fail([syntax(format, error instanceof Error ? error.message : String(error))]);
    }
  } else {
    const read = compose();
    if (!read.ok) {
      const { line, col } = read.lineCounter.linePos(read.tooDeepAt);
      return fail([
        syntax(format, `collections nest deeper than ${MAX_POLICY_NESTING} levels`, {
          line,
          column: col,
          maxNesting: MAX_POLICY_NESTING,
        }),
      ]);
    }
    const error = read.document.errors[0];
    if (error !== undefined) {
      const { line, col } = read.lineCounter.linePos(error.pos[0]);
      return fail([syntax(format, error.message, { line, column: col })]);
    }
    try {
      // toJS refuses aliases that expand too far (maxAliasCount), the "billion laughs".
      document = read.document.toJS();
    } catch (error) {
      return fail([syntax(format, error instanceof Error ? error.message : String(error))]);
    }
  }
  const loaded = loadPolicy(document);
  return loaded.ok ? loaded : fail(withPositions(compose, loaded.issues));
}

function syntax(
  format: 'json' | 'yaml',
  message: string,
  position: Readonly<Record<string, number>> = {},
): Issue<'policy.syntax'> {
  const where = typeof position['line'] === 'number' ? ` (line ${position['line']})` : '';
  return issue(
    'policy.syntax',
    `the ${format.toUpperCase()} document cannot be read: ${message.split('\n')[0] ?? ''}${where}`,
    { data: { format, ...position } },
  );
}
