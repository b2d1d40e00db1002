import { type Issue, issue } from '@openpayer/domain';

/**
 * At most this many issues are reported for one DIP document or period, then one `more` issue
 * with the count of the rest in `data.count` (as `capPolicyIssues` does for policies): a catalog
 * of 200,000 bad rows must not answer with 200,000 issues, nor cut the list without saying so.
 */
export const MAX_DIP_ISSUES = 500;

/** The first `MAX_DIP_ISSUES` issues, and one issue of code `more` counting the others. */
export function capIssues<Code extends string, More extends string>(
  issues: readonly Issue<Code>[],
  more: More,
): Issue<Code | More>[] {
  if (issues.length <= MAX_DIP_ISSUES) return [...issues];
  const rest = issues.length - MAX_DIP_ISSUES;
  return [
    ...issues.slice(0, MAX_DIP_ISSUES),
    issue(more, `${rest} more issue${rest === 1 ? '' : 's'} not listed`, {
      data: { count: rest },
    }),
  ];
}
