import { type Claim, type Ratio, Money } from '@openpayer/domain';
import { type CoverageDecision, type LineDecision } from '@openpayer/catalog';
import { type ParameterValue, type Policy, type Resolved } from '../../policy/policy.ts';
import type { Explanation, SelfPayReason } from '../settle.ts';
import { NO_RULED_LINES, type RuledLine } from './findings.ts';
import { type SharedLine, type SharingLayer } from './sharing.ts';
import { ZERO, at, decisionAt, sumAmounts } from './layer.ts';

type ClaimLine = Claim['lines'][number];

/** One line after its catalog decision: what it self-pays and what enters basic insurance. */
export interface LineParts {
  readonly line: ClaimLine;
  readonly decision: CoverageDecision;
  readonly selfPay: readonly { readonly reason: SelfPayReason; readonly amount: Money }[];
  /** 政策范围内: what enters the basic insurance layers. */
  readonly eligible: Money;
  /** A special-access line's fund part at its approved ratio; null for any other line. */
  readonly specialFund: Money | null;
  /** The sharing rule's parts when one shares the line (they replace every layer's). */
  readonly shared: SharedLine | null;
}

export interface LinesLayer {
  readonly lines: readonly LineParts[];
  readonly total: Money;
  readonly eligible: Money;
  readonly selfPay: Money;
  /** The basic fund's parts of special-access lines. */
  readonly specialFund: Money;
  /** The settlement's explanations so far, in line order; the caller appends the later layers'. */
  readonly explanations: Explanation[];
}

/**
 * Lines: each line's coverage decision becomes its self-pay parts (out of catalog, restriction
 * not met, awaiting approval, above the payment standard, class-B first self-pay) and its eligible
 * amount; a special-access line takes its approved ratio; a shared line keeps the sharing layer's
 * parts.
 */
export function settleLines(
  claim: Pick<Claim, 'lines'>,
  decisions: readonly LineDecision[],
  sharing: SharingLayer,
  firstSelfPay: Resolved<ParameterValue<'firstSelfPayRatio'>>,
  rounding: Policy['rounding'],
  catalogId: string,
  explain: boolean,
  ruled: ReadonlyMap<number, RuledLine> = NO_RULED_LINES,
): LinesLayer {
  const lines: LineParts[] = [];
  const explanations: Explanation[] = [];
  const sink = explain ? explanations : null;
  let total = ZERO;
  let eligible = ZERO;
  let selfPay = ZERO;
  let specialFund = ZERO;
  for (let i = 0; i < claim.lines.length; i++) {
    const line = claim.lines[i];
    if (line === undefined) continue;
    const decision = decisionAt(decisions, i, line.id);
    const shared = sharing.lines[i];
    const rule = ruled.get(i);
    let parts: LineParts;
    if (rule !== undefined) {
      parts = ruledParts(line, decision, rule, sink);
    } else if (shared === undefined) {
      parts = lineParts(line, decision, firstSelfPay, rounding, catalogId, sink);
    } else {
      parts = { line, decision, selfPay: [], eligible: ZERO, specialFund: null, shared };
      if (sink !== null) for (const e of shared.explanations) sink.push(e);
    }
    lines.push(parts);
    total = total.add(line.amount);
    eligible = eligible.add(parts.eligible);
    selfPay = sumAmounts(parts.selfPay, selfPay);
    if (parts.specialFund !== null) specialFund = specialFund.add(parts.specialFund);
  }
  return { lines, total, eligible, selfPay, specialFund, explanations };
}

/** A line a review finding deducted or switched to self-pay: all of it leaves policy scope. */
function ruledParts(
  line: ClaimLine,
  decision: CoverageDecision,
  rule: RuledLine,
  sink: Explanation[] | null,
): LineParts {
  const { finding } = rule;
  sink?.push({
    layer: 'line',
    what: `line ${line.id} ${rule.action === 'deduct' ? 'deducted' : 'switched to self-pay'} by review rule ${finding.rule.code}: ${finding.explanation.en}`,
    parameter: `rule set ${finding.rule.ruleSet}: ${finding.rule.code} v${finding.rule.version}`,
    value: finding.resultType,
    amount: line.amount,
  });
  return {
    line,
    decision,
    selfPay: [
      {
        reason: rule.action === 'deduct' ? 'deducted_by_rule' : 'self_pay_by_rule',
        amount: line.amount,
      },
    ],
    eligible: ZERO,
    specialFund: null,
    shared: null,
  };
}

/** One unshared line's self-pay parts and eligible amount; explanations go to `sink` when given. */
function lineParts(
  line: ClaimLine,
  decision: CoverageDecision,
  firstSelfPay: Resolved<ParameterValue<'firstSelfPayRatio'>>,
  rounding: Policy['rounding'],
  catalogId: string,
  sink: Explanation[] | null,
): LineParts {
  const selfPay: { reason: SelfPayReason; amount: Money }[] = [];
  if (
    decision.outcome === 'not_covered' ||
    decision.outcome === 'self_pay' ||
    decision.outcome === 'needs_approval'
  ) {
    selfPay.push({ reason: selfPayReasonOf(decision), amount: line.amount });
    return { line, decision, selfPay, eligible: ZERO, specialFund: null, shared: null };
  }
  const special: Ratio | null =
    decision.approval?.kind === 'special_access' ? decision.approval.reimbursementRatio : null;
  if (special !== null) {
    const fund = line.amount.multiplyRound(special, rounding);
    selfPay.push({ reason: 'special_access_remainder', amount: line.amount.subtract(fund) });
    sink?.push({
      layer: 'line',
      what: `line ${line.id} special access at the approved ratio`,
      parameter: null,
      value: special.toString(),
      amount: fund,
    });
    return { line, decision, selfPay, eligible: ZERO, specialFund: fund, shared: null };
  }
  let rest = line.amount;
  const standard = decision.paymentStandard;
  if (standard !== null && line.unitPrice.greaterThan(standard.amount)) {
    const excess = Money.min(
      line.unitPrice.subtract(standard.amount).multiplyRound(line.quantity, rounding),
      rest,
    );
    if (excess.isPositive()) {
      selfPay.push({ reason: 'above_payment_standard', amount: excess });
      rest = rest.subtract(excess);
      sink?.push({
        layer: 'line',
        what: `line ${line.id} price above the payment standard ${standard.amount.toDecimalString()} per ${standard.unit}`,
        parameter: `catalog ${catalogId}: ${decision.itemId ?? line.code}`,
        value: standard.amount.toDecimalString(),
        amount: excess,
      });
    }
  }
  if (decision.firstSelfPay) {
    const part = rest.multiplyRound(firstSelfPay.value, rounding);
    if (part.isPositive()) {
      selfPay.push({ reason: 'first_self_pay', amount: part });
      rest = rest.subtract(part);
      sink?.push({
        layer: 'line',
        what: `line ${line.id} class B first self-pay`,
        parameter: at(firstSelfPay),
        value: firstSelfPay.value.toString(),
        amount: part,
      });
    }
  }
  return { line, decision, selfPay, eligible: rest, specialFund: null, shared: null };
}

/** Why a line the decision does not pay is the patient's: its outcome, or the unread text's rule. */
function selfPayReasonOf(decision: CoverageDecision): SelfPayReason {
  if (decision.outcome === 'not_covered') return 'out_of_catalog';
  // The release holds or self-pays lines whose restriction text was not read in full.
  for (const r of decision.reasons) {
    if (r.code === 'coverage.held_for_review') return 'held_for_review';
    if (r.code === 'coverage.unparsed_restriction_self_pay') return 'unparsed_restriction';
  }
  return decision.outcome === 'self_pay' ? 'restriction_not_met' : 'needs_approval';
}
