import { decideClaim } from '@openpayer/catalog';
import type { Claim, Finding, ReleaseDecision, Result, ReviewStage } from '@openpayer/domain';
import {
  type SettleContext,
  type Settlement,
  type SettlementIssueCode,
  contextWith,
  settle,
} from '@openpayer/pricing';
import { type CompiledRuleSet, type PersonHistory, type ReviewInput, review } from './review.ts';

/**
 * Settling with smart review (事中): the catalog decides the lines once, the rule sets in force
 * review the claim against those decisions and the person's history, and the settlement applies
 * the findings' actions (deduct, self-pay, hold) and carries them. Pre-check runs the same at the
 * prescribing stage (事前), so a doctor sees what settlement would find.
 */
export interface ReviewPlan {
  readonly ruleSets: readonly CompiledRuleSet[];
  readonly history: PersonHistory;
  readonly stage: ReviewStage;
}

/** Every finding of the plan's rule sets on `claim`, given the catalog's decisions. */
export function findingsOf(
  claim: Claim,
  decisions: ReviewInput['decisions'],
  plan: ReviewPlan,
  primaryCareFormulary?: ReviewInput['primaryCareFormulary'],
): Finding[] {
  const input: ReviewInput = {
    claim,
    stage: plan.stage,
    decisions,
    history: plan.history,
    primaryCareFormulary,
  };
  const { ruleSets } = plan;
  if (ruleSets.length === 0) return [];
  // One rule set in force is the usual plan: its findings are the answer as they are.
  const findings = review(ruleSets[0] as CompiledRuleSet, input);
  for (let i = 1; i < ruleSets.length; i++) {
    for (const f of review(ruleSets[i] as CompiledRuleSet, input)) findings.push(f);
  }
  return findings;
}

export function settleReviewed(
  claim: Claim,
  context: Omit<SettleContext, 'decisions' | 'findings'>,
  plan: ReviewPlan,
): Result<Settlement, SettlementIssueCode> {
  if (plan.ruleSets.length === 0) return settle(claim, context);
  // The context is the catalog's options as it is (its approvals and usage history).
  const decisions = decideClaim(context.catalog, claim, context);
  const findings = findingsOf(claim, decisions, plan, context.catalog.formulary);
  return settle(claim, contextWith(context, { decisions, findings }));
}

/**
 * How a what-if side with rule sets settles a claim (`settleSimulationSide`'s `settleWith`):
 * reviewed at the settle stage against `history`; plain `settle` when the side has none.
 */
export function simulationSettle(
  ruleSets: readonly CompiledRuleSet[],
  history: PersonHistory,
): (claim: Claim, context: Omit<SettleContext, 'decisions' | 'findings'>) => Result<Settlement> {
  if (ruleSets.length === 0) return settle;
  return (claim, context) => settleReviewed(claim, context, { ruleSets, history, stage: 'settle' });
}

/**
 * Post-payment review (事后) of one claim: the catalog decides its lines as settlement did (with
 * the approvals it was given), and the plan's rule sets review it at the `post_payment` stage.
 * `openpayer supervise` and the API's review runs both call this.
 */
export function reviewClaim(
  claim: Claim,
  context: {
    readonly catalog: SettleContext['catalog'];
    readonly approvals?: SettleContext['approvals'];
  },
  plan: Omit<ReviewPlan, 'stage'>,
): Finding[] {
  if (plan.ruleSets.length === 0) return [];
  const decisions = decideClaim(context.catalog, claim, {
    ...(context.approvals === undefined ? {} : { approvals: context.approvals }),
  });
  // Written out, not spread: this runs once a claim, and a spread copies whatever a plan holds.
  return findingsOf(
    claim,
    decisions,
    { ruleSets: plan.ruleSets, history: plan.history, stage: 'post_payment' },
    context.catalog.formulary,
  );
}

/**
 * A held claim's findings as the reviewer decided them (待审核 → 已审核): `pay` turns the findings
 * that held it into warnings, `deduct` makes them deduct their lines (a finding on the whole claim,
 * every line); other findings stay as they were.
 */
export function releasedFindings(
  findings: readonly Finding[],
  decision: ReleaseDecision,
): Finding[] {
  return findings.map((f) =>
    f.action !== 'hold' ? f : { ...f, action: decision === 'pay' ? 'warn' : 'deduct' },
  );
}
