import { type Issue, type Result, fail, issue, issuesFromZod, ok } from '@openpayer/domain';
import { type RuleSet, type RuleSetWire, ruleSetSchema } from './rule-set.ts';

/**
 * A rule set as uploaded, checked the way a policy is: unknown fields, bad windows, dates that
 * end before they start and two versions of one rule in force at once are refused, each issue
 * with the path of the field.
 */

export const RULE_SET_ISSUE_CODES = ['rule_set.invalid', 'rule_set.more_issues'] as const;
export type RuleSetIssueCode = (typeof RULE_SET_ISSUE_CODES)[number];

/** At most this many issues are listed; the rest are counted. */
const MAX_ISSUES = 50;

export function loadRuleSet(input: unknown): Result<RuleSet, RuleSetIssueCode> {
  const parsed = ruleSetSchema.safeDecode(input as RuleSetWire);
  if (parsed.success) return ok(parsed.data);
  const issues: Issue<RuleSetIssueCode>[] = issuesFromZod(parsed.error).map((i) => ({
    ...i,
    code: 'rule_set.invalid' as const,
  }));
  if (issues.length <= MAX_ISSUES) return fail(issues);
  const rest = issues.length - MAX_ISSUES;
  return fail([
    ...issues.slice(0, MAX_ISSUES),
    issue('rule_set.more_issues', `${rest} more issue${rest === 1 ? '' : 's'} not listed`, {
      data: { count: rest },
    }),
  ]);
}

/** The rule set in its wire form (dates and amounts as the document writes them). */
export function ruleSetWireOf(ruleSet: RuleSet): RuleSetWire {
  return ruleSetSchema.encode(ruleSet);
}
