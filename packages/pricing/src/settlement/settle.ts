import {
  type Claim,
  type Finding,
  type Issue,
  type Money,
  type Result,
  fail,
  issue,
  ok,
  serviceDateOf,
} from '@openpayer/domain';
import {
  type Approval,
  type CatalogIndex,
  type CoverageDecision,
  type LineDecision,
  type UsageHistory,
  decideClaim,
} from '@openpayer/catalog';
import {
  type Facts,
  type ParameterValue,
  type Party,
  type Policy,
  type Resolved,
  SHARE_PARTIES,
  resolveParameter,
} from '../policy/policy.ts';
import { type AccumulatorDelta, type Accumulators, applyDelta } from './accumulators.ts';
import { accumulatorDelta } from './layers/accumulator-delta.ts';
import { basicInsurance } from './layers/basic.ts';
import { commercial } from './layers/commercial.ts';
import { criticalIllness } from './layers/critical-illness.ts';
import { holdsClaim, ruledLines } from './layers/findings.ts';
import { ZERO } from './layers/layer.ts';
import { settleLines } from './layers/lines.ts';
import { medicalAssistance } from './layers/medical-assistance.ts';
import { patientRemainder } from './layers/patient.ts';
import { shareLines } from './layers/sharing.ts';

/**
 * One-stop layered settlement (一站式结算): per-line coverage and self-pay parts, then basic
 * insurance (deductible → ratio bands → annual cap), critical-illness insurance, medical
 * assistance, commercial supplementary, multi-party sharing, and the patient. Pure: the same
 * claim, policy, catalog and accumulators always give the same settlement; nothing is committed
 * here (the caller stores `accumulatorsAfter` with the settlement, atomically).
 */

export const SELF_PAY_REASONS = [
  'out_of_catalog',
  'restriction_not_met',
  'needs_approval',
  'above_payment_standard',
  'first_self_pay',
  'special_access_remainder',
  // The item's restriction text was not read in full and the release holds or self-pays such
  // lines (`unparsedRestrictions`): held until a reviewer decides, or left to the patient.
  'held_for_review',
  'unparsed_restriction',
  // A smart-review finding deducted the line (the fund does not pay it) or switched it to
  // self-pay (the patient pays, having been told); the settlement's findings name the rule.
  'deducted_by_rule',
  'self_pay_by_rule',
] as const;
export type SelfPayReason = (typeof SELF_PAY_REASONS)[number];

export const SETTLEMENT_ISSUE_CODES = [
  'settlement.parameter_missing',
  'settlement.accumulators_mismatch',
  'settlement.total_mismatch',
] as const;
export type SettlementIssueCode = (typeof SETTLEMENT_ISSUE_CODES)[number];

export interface LineSettlement {
  readonly lineId: string;
  readonly amount: Money;
  readonly outcome: CoverageDecision['outcome'];
  readonly itemId: string | null;
  readonly coverageReasons: readonly string[];
  readonly selfPay: readonly { readonly reason: SelfPayReason; readonly amount: Money }[];
  /** 政策范围内: what enters the basic insurance layers. */
  readonly eligible: Money;
  /** Each payer's part of this line; they sum to `amount`. */
  readonly payers: Readonly<Partial<Record<Party, Money>>>;
  readonly sharingRule: string | null;
  /** The approval the coverage decision used (to be drawn down when the settlement is stored). */
  readonly approvalId: string | null;
  /**
   * The line needs a reviewer's look: a restriction the claim cannot tell, an item matched by
   * name, or restriction text the importer could not read (then `unparsedRestriction` names it).
   */
  readonly review: boolean;
  /** Fragments of the item's restriction text the decision could not read; empty when none. */
  readonly unparsedRestriction: readonly string[];
}

export interface Explanation {
  readonly layer:
    'line' | 'basic' | 'critical_illness' | 'medical_assistance' | 'commercial' | 'sharing';
  readonly what: string;
  /** `parameters.reimbursement[2]` — the policy entry used, when one was. */
  readonly parameter: string | null;
  readonly value: string | null;
  readonly amount: Money;
}

export interface Settlement {
  readonly claimId: string;
  readonly versions: { readonly policy: string; readonly catalog: string };
  readonly total: Money;
  readonly eligible: Money;
  readonly selfPay: Money;
  readonly layers: {
    readonly basic: {
      readonly deductible: Money;
      readonly base: Money;
      readonly fund: Money;
      readonly capReached: boolean;
    };
    readonly criticalIllness: Money;
    readonly medicalAssistance: Money;
    readonly commercial: Money;
    readonly sharing: Money;
  };
  readonly payers: Readonly<Record<Party, Money>>;
  readonly lines: readonly LineSettlement[];
  readonly accumulatorsBefore: Accumulators;
  readonly accumulatorsAfter: Accumulators;
  readonly delta: AccumulatorDelta;
  readonly explanations: readonly Explanation[];
  /** The smart-review findings the settlement ran with (absent when there were none). */
  readonly findings?: readonly Finding[] | undefined;
  /**
   * A finding holds the claim for review: the amounts are what releasing it now would pay, and
   * the ledger stores it held, its accumulators untouched until a reviewer releases it.
   */
  readonly held?: true | undefined;
}

export interface SettleContext {
  readonly policy: Policy;
  readonly catalog: CatalogIndex;
  readonly accumulators: Accumulators;
  readonly approvals?: readonly Approval[] | undefined;
  readonly history?: UsageHistory | undefined;
  /**
   * The catalog's decisions of the claim's lines, when the caller has them already (the
   * supervision review reads them before settling); computed here otherwise.
   */
  readonly decisions?: readonly LineDecision[] | undefined;
  /** Pre-payment smart-review findings: their actions apply (deduct, self-pay, hold). */
  readonly findings?: readonly Finding[] | undefined;
  /**
   * Build `explanations` (default true). A caller that never shows them (a batch without
   * --explain) saves their text; every amount is the same either way.
   */
  readonly explain?: boolean | undefined;
}

/**
 * `context` with a review's decisions and findings, every field written out (a field added to
 * `SettleContext` fails to compile here until it is copied). Settling with a spread copy instead,
 * `{ ...context, decisions, findings }`, cost 5–7 µs more a claim on Node 20's V8 for the same
 * settlement (apps/cli/bench/review-settle.bench.ts: the national rule base's ratio 2.19 → 1.64).
 */
export function contextWith(
  context: SettleContext,
  review: Pick<SettleContext, 'decisions' | 'findings'>,
): SettleContext {
  const full: { readonly [K in keyof SettleContext]-?: SettleContext[K] } = {
    policy: context.policy,
    catalog: context.catalog,
    accumulators: context.accumulators,
    approvals: context.approvals,
    history: context.history,
    decisions: review.decisions ?? context.decisions,
    findings: review.findings ?? context.findings,
    explain: context.explain,
  };
  return full;
}

type Required = 'firstSelfPayRatio' | 'deductible' | 'reimbursement' | 'annualCap';

/** What a claim settles under: its facts and the parameters no settlement can do without. */
interface Terms {
  readonly facts: Facts;
  readonly firstSelfPay: Resolved<ParameterValue<'firstSelfPayRatio'>>;
  readonly deductible: Resolved<ParameterValue<'deductible'>>;
  readonly reimbursement: Resolved<ParameterValue<'reimbursement'>>;
  readonly annualCap: Resolved<ParameterValue<'annualCap'>>;
}

/** The claim's terms, or why it cannot settle: someone else's accumulators, a missing parameter. */
function termsOf(
  claim: Claim,
  policy: Policy,
  before: Accumulators,
): Result<Terms, SettlementIssueCode> {
  const date = serviceDateOf(claim);
  if (before.personId !== claim.person.id || String(before.year) !== date.slice(0, 4)) {
    return fail([
      issue(
        'settlement.accumulators_mismatch',
        `accumulators are for ${before.personId} in ${before.year}; the claim is ${claim.person.id} on ${date}`,
        { path: ['accumulators'] },
      ),
    ]);
  }
  const facts: Facts = {
    date,
    region: claim.person.insuredRegion,
    insuranceType: claim.person.insuranceType,
    tier: claim.institution.tier,
    claimType: claim.type,
    categories: claim.person.categories,
  };
  const issues: Issue<SettlementIssueCode>[] = [];
  const firstSelfPay = required(policy, 'firstSelfPayRatio', facts, issues);
  const deductible = required(policy, 'deductible', facts, issues);
  const reimbursement = required(policy, 'reimbursement', facts, issues);
  const annualCap = required(policy, 'annualCap', facts, issues);
  if (
    firstSelfPay === undefined ||
    deductible === undefined ||
    reimbursement === undefined ||
    annualCap === undefined
  ) {
    return fail(issues);
  }
  return ok({ facts, firstSelfPay, deductible, reimbursement, annualCap });
}

/** A parameter the settlement cannot do without; an issue when the policy has none in force. */
function required<P extends Required>(
  policy: Policy,
  name: P,
  facts: Facts,
  issues: Issue<SettlementIssueCode>[],
) {
  const r = resolveParameter(policy, name, facts);
  if (r === undefined) {
    issues.push(
      issue(
        'settlement.parameter_missing',
        `policy ${policy.id} has no ${name} in force for this claim on ${facts.date}`,
        {
          path: ['parameters', name],
          data: { parameter: name, facts },
        },
      ),
    );
  }
  return r;
}

export function settle(
  claim: Claim,
  context: SettleContext,
): Result<Settlement, SettlementIssueCode> {
  const { policy, catalog, accumulators: before } = context;
  const terms = termsOf(claim, policy, before);
  if (!terms.ok) return terms;
  const { facts, firstSelfPay, deductible, reimbursement, annualCap } = terms.value;
  const explain = context.explain !== false;

  const decisions =
    context.decisions ??
    decideClaim(catalog, claim, {
      ...(context.approvals === undefined ? {} : { approvals: context.approvals }),
      ...(context.history === undefined ? {} : { history: context.history }),
    });
  const ruled = ruledLines(claim, context.findings);
  // Sharing is decided before the other layers: the fund's shares that count against the annual
  // cap narrow basic insurance's room under it. Its explanations stay in line order.
  const sharing = shareLines(
    claim,
    decisions,
    policy.parameters.sharing,
    facts.date,
    annualCap,
    before.fundPaid,
    explain,
    ruled,
  );
  const lines = settleLines(
    claim,
    decisions,
    sharing,
    firstSelfPay,
    policy.rounding,
    catalog.release.id,
    explain,
    ruled,
  );
  const basic = basicInsurance({
    claim,
    policy,
    facts,
    eligible: lines.eligible,
    before,
    deductible,
    reimbursement,
    annualCap,
    sharingFundCounted: sharing.fundCounted,
    explain,
  });
  const eligibleOutOfPocket = lines.eligible.subtract(basic.fund);
  const ci = criticalIllness(policy, facts, eligibleOutOfPocket, before, explain);
  const ma = medicalAssistance(
    policy,
    facts,
    eligibleOutOfPocket,
    ci.amount,
    before.assistancePaid,
    explain,
  );
  const cm = commercial({
    policy,
    facts,
    eligibleOutOfPocket,
    criticalIllness: ci.amount,
    assistance: ma.amount,
    selfPay: lines.selfPay,
    before,
    explain,
  });
  const { payers, lines: lineSettlements } = patientRemainder({
    lines,
    sharing,
    fund: basic.fund,
    criticalIllness: ci.amount,
    assistance: ma.amount,
    commercial: cm.amount,
    commercialCoversSelfPay: cm.coversSelfPay,
  });
  const delta = accumulatorDelta({
    claimType: claim.type,
    basic,
    specialFund: lines.specialFund,
    sharing,
    eligibleOutOfPocket,
    criticalIllness: ci.amount,
    assistance: ma.amount,
    commercialDeductible: cm.deductible,
    commercial: cm.amount,
  });

  const total = lines.total;
  let sum = ZERO;
  for (const p of SHARE_PARTIES) sum = sum.add(payers[p]);
  if (!sum.equals(total)) {
    return fail([
      issue(
        'settlement.total_mismatch',
        `payers sum to ${sum.toDecimalString()}, not ${total.toDecimalString()}`,
      ),
    ]);
  }
  // The lines' explanations (sharing's among them), then each layer's in settlement order.
  const explanations = lines.explanations;
  for (const e of basic.explanations) explanations.push(e);
  if (ci.explanation !== null) explanations.push(ci.explanation);
  if (ma.explanation !== null) explanations.push(ma.explanation);
  if (cm.explanation !== null) explanations.push(cm.explanation);
  return ok({
    claimId: claim.id,
    versions: { policy: policy.id, catalog: catalog.release.id },
    total,
    eligible: lines.eligible,
    selfPay: lines.selfPay,
    layers: {
      basic: {
        deductible: basic.deductible,
        base: basic.base,
        fund: basic.fund,
        capReached: basic.capReached || sharing.capReached,
      },
      criticalIllness: ci.amount,
      medicalAssistance: ma.amount,
      commercial: cm.amount,
      sharing: sharing.total,
    },
    payers,
    lines: lineSettlements,
    accumulatorsBefore: before,
    accumulatorsAfter: applyDelta(before, delta, 1),
    delta,
    explanations,
    ...(context.findings === undefined || context.findings.length === 0
      ? {}
      : { findings: context.findings }),
    ...(holdsClaim(context.findings) ? { held: true as const } : {}),
  });
}

/** Takes a settlement back: the accumulators it moved return exactly to where they were. */
export function reverse(settlement: Settlement, current: Accumulators): Accumulators {
  return applyDelta(current, settlement.delta, -1);
}
