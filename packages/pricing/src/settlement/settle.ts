import {
  type Claim,
  type Issue,
  type RegionCode,
  type Ratio,
  type Result,
  EngineError,
  Money,
  allocate,
  allocateMinor,
  fail,
  isWithinRegion,
  issue,
  ok,
  periodContains,
  serviceDateOf,
} from '@openpayer/domain';
import {
  type Approval,
  type CatalogIndex,
  type CoverageDecision,
  type UsageHistory,
  decideClaim,
} from '@openpayer/catalog';
import {
  type Band,
  type Facts,
  type Party,
  type ParameterValue,
  type Policy,
  type Resolved,
  SHARE_PARTIES,
  resolveParameter,
} from '../policy/policy.ts';
import {
  type AccumulatorDelta,
  type Accumulators,
  type MoneyAccumulator,
  applyDelta,
} from './accumulators.ts';

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
}

export interface SettleContext {
  readonly policy: Policy;
  readonly catalog: CatalogIndex;
  readonly accumulators: Accumulators;
  readonly approvals?: readonly Approval[];
  readonly history?: UsageHistory;
  /**
   * Build `explanations` (default true). A caller that never shows them (a batch without
   * --explain) saves their text; every amount is the same either way.
   */
  readonly explain?: boolean;
}

const ZERO = Money.zero();
const at = (r: Resolved<unknown>) => `parameters.${r.parameter}[${r.index}]`;
const max0 = (m: Money) => (m.isNegative() ? ZERO : m);

/** Pay over bands for the amount range [from, to) measured above zero (edges are cumulative). */
function bandsPay(bands: readonly Band[], from: Money, to: Money): Money {
  let pay = ZERO;
  let lower = ZERO;
  for (const b of bands) {
    const upper = b.upTo;
    const segFrom = Money.max(from, lower);
    const segTo = upper === null ? to : Money.min(to, upper);
    if (segTo.greaterThan(segFrom)) pay = pay.add(segTo.subtract(segFrom).multiply(b.ratio));
    if (upper === null) break;
    lower = upper;
  }
  return pay;
}

const bandsTexts = new WeakMap<readonly Band[], string>();

/** "50000.00:0.85 ∞:0.9" — computed once per policy entry. */
function bandsText(bands: readonly Band[]): string {
  const cached = bandsTexts.get(bands);
  if (cached !== undefined) return cached;
  const text = bands
    .map((b) => `${b.upTo === null ? '∞' : b.upTo.toFixedString()}:${b.ratio.toString()}`)
    .join(' ');
  bandsTexts.set(bands, text);
  return text;
}

type Required = 'firstSelfPayRatio' | 'deductible' | 'reimbursement' | 'annualCap';

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

/**
 * Adds `amount`'s share of each line (by `weights`, in fen) to the line's parts of `party`. A line
 * never takes more than its weight minus what earlier layers gave it: rounded independently, the
 * layers could each give a small line the same leftover fen, and its patient part would turn
 * negative.
 */
function spread(
  partsMinor: (Map<Party, bigint> | undefined)[],
  party: Party,
  amount: Money,
  weights: readonly bigint[],
): void {
  if (amount.isZero() || weights.every((x) => x === 0n)) return;
  const room = weights.map((weight, k) => {
    let given = 0n;
    for (const part of partsMinor[k]?.values() ?? []) given += part;
    return weight - given;
  });
  const parts = allocateMinor(amount.toMinor(), weights, room);
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] ?? 0n;
    if (part === 0n) continue;
    const line = partsMinor[k] ?? new Map<Party, bigint>();
    partsMinor[k] = line;
    line.set(party, (line.get(party) ?? 0n) + part);
  }
}

const sumAmounts = (parts: readonly { readonly amount: Money }[], from: Money) => {
  let sum = from;
  for (const p of parts) sum = sum.add(p.amount);
  return sum;
};

interface PoolingAreaDecision {
  readonly outOfRegion: boolean;
  /** The policy entry that declared the pooling area; undefined when none is in force. */
  readonly rule: Resolved<ParameterValue<'poolingArea'>> | undefined;
  readonly regions: readonly RegionCode[];
}

/**
 * 统筹区: care is out of region when the institution lies outside the person's pooling area — the
 * regions the policy declares for the insured region (each with every region within it), or, with
 * none declared, the insured region and the regions within it. A district hospital (230103) is
 * inside Harbin's pooling area (230100) for a person insured in 230100.
 */
function poolingAreaDecision(policy: Policy, facts: Facts, claim: Claim): PoolingAreaDecision {
  const rule = resolveParameter(policy, 'poolingArea', facts);
  const regions = rule?.value.regions ?? [claim.person.insuredRegion];
  const inside = regions.some((area) => isWithinRegion(claim.institution.region, area));
  return { outOfRegion: !inside, rule, regions };
}

export function settle(
  claim: Claim,
  context: SettleContext,
): Result<Settlement, SettlementIssueCode> {
  const { policy, catalog, accumulators: before } = context;
  const rounding = policy.rounding;
  const date = serviceDateOf(claim);
  const issues: Issue<SettlementIssueCode>[] = [];
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
  const explaining = context.explain !== false;
  const explanations: Explanation[] = [];

  // 1. Lines: coverage, multi-party sharing, self-pay parts, eligible amount.
  const decisions = decideClaim(catalog, claim, {
    ...(context.approvals === undefined ? {} : { approvals: context.approvals }),
    ...(context.history === undefined ? {} : { history: context.history }),
  });
  const sharingRules = policy.parameters.sharing.filter(
    (r) =>
      r.from <= date &&
      (r.to === null || date < r.to) &&
      (r.personCategory === undefined || claim.person.categories.includes(r.personCategory)),
  );
  interface Work {
    lineId: string;
    amount: Money;
    decision: CoverageDecision;
    selfPay: { reason: SelfPayReason; amount: Money }[];
    eligible: Money;
    payers: Partial<Record<Party, Money>>;
    sharingRule: string | null;
  }
  const work: Work[] = [];
  const payers = {} as Record<Party, Money>;
  for (const p of SHARE_PARTIES) payers[p] = ZERO;
  let sharingTotal = ZERO;
  let specialFund = ZERO;
  // The basic fund's shares of designated therapies: within the annual cap (rules that count
  // against it) or outside it (a special arrangement, recorded apart in `sharingFundPaid`).
  let sharingFundCounted = ZERO;
  let sharingFundOutsideCap = ZERO;
  let sharingCapReached = false;
  claim.lines.forEach((line, i) => {
    const decision = decisions[i]?.decision;
    if (decision === undefined)
      throw new EngineError('invariant_violated', `no decision for line ${line.id}`);
    const w: Work = {
      lineId: line.id,
      amount: line.amount,
      decision,
      selfPay: [],
      eligible: ZERO,
      payers: {},
      sharingRule: null,
    };
    work.push(w);
    const rule = sharingRules.find(
      (r) =>
        r.items.includes(line.code) ||
        (decision.itemId !== null && r.items.includes(decision.itemId)),
    );
    if (rule !== undefined) {
      const parts = allocate(
        line.amount,
        rule.shares.map((s) => s.ratio),
      );
      let fundShare = ZERO;
      rule.shares.forEach((s, k) => {
        if (s.party === 'basic_fund') fundShare = fundShare.add(parts[k] ?? ZERO);
      });
      const capLeft = max0(annualCap.value.subtract(before.fundPaid).subtract(sharingFundCounted));
      const fundPart = rule.countsAgainstAnnualCap ? Money.min(fundShare, capLeft) : fundShare;
      const cut = fundShare.subtract(fundPart);
      let toCut = cut;
      rule.shares.forEach((s, k) => {
        let part = parts[k] ?? ZERO;
        if (s.party === 'basic_fund' && toCut.isPositive()) {
          const off = Money.min(part, toCut);
          part = part.subtract(off);
          toCut = toCut.subtract(off);
        }
        w.payers[s.party] = (w.payers[s.party] ?? ZERO).add(part);
        payers[s.party] = payers[s.party].add(part);
      });
      if (rule.countsAgainstAnnualCap) sharingFundCounted = sharingFundCounted.add(fundPart);
      else sharingFundOutsideCap = sharingFundOutsideCap.add(fundPart);
      w.sharingRule = rule.id;
      sharingTotal = sharingTotal.add(line.amount);
      if (explaining)
        explanations.push({
          layer: 'sharing',
          what: `line ${line.id} shared by rule ${rule.id}, the fund's share ${rule.countsAgainstAnnualCap ? 'within' : 'outside'} the annual cap`,
          parameter: `parameters.sharing[${policy.parameters.sharing.indexOf(rule)}]`,
          value: rule.shares.map((s) => `${s.party}:${s.ratio.toString()}`).join(' '),
          amount: line.amount,
        });
      if (cut.isPositive()) {
        // What the cap cuts from the fund's share is the patient's: the other parties' shares
        // are their agreed parts of the therapy, not a guarantee of the fund's.
        sharingCapReached = true;
        w.payers.patient = (w.payers.patient ?? ZERO).add(cut);
        payers.patient = payers.patient.add(cut);
        if (explaining)
          explanations.push({
            layer: 'sharing',
            what: `annual cap reached: ${capLeft.toFixedString()} left of the fund's share ${fundShare.toFixedString()} of line ${line.id}, the patient pays the rest`,
            parameter: at(annualCap),
            value: annualCap.value.toFixedString(),
            amount: cut,
          });
      }
      return;
    }
    if (
      decision.outcome === 'not_covered' ||
      decision.outcome === 'self_pay' ||
      decision.outcome === 'needs_approval'
    ) {
      const reason: SelfPayReason =
        decision.outcome === 'not_covered'
          ? 'out_of_catalog'
          : decision.outcome === 'self_pay'
            ? 'restriction_not_met'
            : 'needs_approval';
      w.selfPay.push({ reason, amount: line.amount });
      return;
    }
    const special: Ratio | null =
      decision.approval?.kind === 'special_access' ? decision.approval.reimbursementRatio : null;
    if (special !== null) {
      const fund = line.amount.multiplyRound(special, rounding);
      specialFund = specialFund.add(fund);
      w.payers.basic_fund = fund;
      w.selfPay.push({ reason: 'special_access_remainder', amount: line.amount.subtract(fund) });
      if (explaining)
        explanations.push({
          layer: 'line',
          what: `line ${line.id} special access at the approved ratio`,
          parameter: null,
          value: special.toString(),
          amount: fund,
        });
      return;
    }
    let rest = line.amount;
    const standard = decision.paymentStandard;
    if (standard !== null && line.unitPrice.greaterThan(standard.amount)) {
      const excess = Money.min(
        line.unitPrice.subtract(standard.amount).multiplyRound(line.quantity, rounding),
        rest,
      );
      if (excess.isPositive()) {
        w.selfPay.push({ reason: 'above_payment_standard', amount: excess });
        rest = rest.subtract(excess);
        if (explaining)
          explanations.push({
            layer: 'line',
            what: `line ${line.id} price above the payment standard ${standard.amount.toDecimalString()} per ${standard.unit}`,
            parameter: `catalog ${catalog.release.id}: ${decision.itemId ?? line.code}`,
            value: standard.amount.toDecimalString(),
            amount: excess,
          });
      }
    }
    if (decision.firstSelfPay) {
      const part = rest.multiplyRound(firstSelfPay.value, rounding);
      if (part.isPositive()) {
        w.selfPay.push({ reason: 'first_self_pay', amount: part });
        rest = rest.subtract(part);
        if (explaining)
          explanations.push({
            layer: 'line',
            what: `line ${line.id} class B first self-pay`,
            parameter: at(firstSelfPay),
            value: firstSelfPay.value.toString(),
            amount: part,
          });
      }
    }
    w.eligible = rest;
  });

  const total = sumAmounts(claim.lines, ZERO);
  let eligible = ZERO;
  let selfPay = ZERO;
  for (const w of work) {
    eligible = eligible.add(w.eligible);
    selfPay = sumAmounts(w.selfPay, selfPay);
  }

  // 2. Basic insurance: deductible → bands (or the out-of-region ratio) → annual cap.
  const d = deductible.value;
  const perAdmission = d.per === 'admission';
  const deductibleAmount =
    perAdmission && before.admissions > 0 ? (d.subsequent ?? d.first) : d.first;
  const deductibleLeft = perAdmission
    ? deductibleAmount
    : max0(deductibleAmount.subtract(before.deductibleUsed));
  const deductiblePart = Money.min(eligible, deductibleLeft);
  const base = eligible.subtract(deductiblePart);
  if (explaining)
    explanations.push({
      layer: 'basic',
      what: perAdmission
        ? before.admissions > 0
          ? 'deductible, a later admission this year'
          : 'deductible, first admission this year'
        : 'deductible left this year',
      parameter: at(deductible),
      value: deductibleAmount.toFixedString(),
      amount: deductiblePart,
    });

  let fundRaw: Money;
  const pooling = poolingAreaDecision(policy, facts, claim);
  const outOfRegion = pooling.outOfRegion;
  // Care at the person's own region code needs no rule; anywhere else, say which one decided.
  if (explaining && claim.institution.region !== claim.person.insuredRegion)
    explanations.push({
      layer: 'basic',
      what: `institution region ${claim.institution.region} ${outOfRegion ? 'outside' : 'within'} the pooling area of ${claim.person.insuredRegion}${pooling.rule === undefined ? ' (none declared: the insured region and the regions within it)' : ''}`,
      parameter: pooling.rule === undefined ? null : at(pooling.rule),
      value: pooling.regions.join(' '),
      amount: base,
    });
  const regionRule = outOfRegion ? resolveParameter(policy, 'outOfRegion', facts) : undefined;
  // A registration for a city covers its districts.
  const registered =
    outOfRegion &&
    claim.person.outOfRegionRegistrations.some(
      (r) =>
        (r.region === null || isWithinRegion(claim.institution.region, r.region)) &&
        periodContains(r.period, date),
    );
  const flat =
    regionRule === undefined
      ? null
      : registered
        ? regionRule.value.registered
        : regionRule.value.notRegistered;
  if (regionRule !== undefined && flat !== null) {
    fundRaw = base.multiply(flat);
    if (explaining)
      explanations.push({
        layer: 'basic',
        what: registered
          ? 'out-of-region ratio, registered'
          : 'out-of-region ratio, not registered',
        parameter: at(regionRule),
        value: flat.toString(),
        amount: fundRaw.round(rounding),
      });
  } else {
    fundRaw = bandsPay(reimbursement.value, ZERO, base);
    if (explaining)
      explanations.push({
        layer: 'basic',
        what: 'reimbursement bands above the deductible',
        parameter: at(reimbursement),
        value: bandsText(reimbursement.value),
        amount: fundRaw.round(rounding),
      });
  }
  const capLeft = max0(annualCap.value.subtract(before.fundPaid).subtract(sharingFundCounted));
  const fundRounded = fundRaw.round(rounding);
  const basicCapReached = fundRounded.greaterThan(capLeft);
  const fund = basicCapReached ? capLeft : fundRounded;
  const capReached = basicCapReached || sharingCapReached;
  if (basicCapReached) {
    if (explaining)
      explanations.push({
        layer: 'basic',
        what: 'annual cap reached',
        parameter: at(annualCap),
        value: annualCap.value.toFixedString(),
        amount: fund,
      });
  }
  const eligibleOutOfPocket = eligible.subtract(fund);

  // 3. Critical illness on the year's eligible out-of-pocket above the threshold.
  let criticalIllness = ZERO;
  const ci = resolveParameter(policy, 'criticalIllness', facts);
  if (ci !== undefined) {
    const from = max0(before.criticalIllnessBase.subtract(ci.value.threshold));
    const to = max0(
      before.criticalIllnessBase.add(eligibleOutOfPocket).subtract(ci.value.threshold),
    );
    criticalIllness = bandsPay(ci.value.bands, from, to).round(rounding);
    if (ci.value.annualCap !== null)
      criticalIllness = Money.min(
        criticalIllness,
        max0(ci.value.annualCap.subtract(before.criticalIllnessPaid)),
      );
    if (explaining)
      explanations.push({
        layer: 'critical_illness',
        what: `year's eligible out-of-pocket above the threshold ${ci.value.threshold.toFixedString()}`,
        parameter: at(ci),
        value: bandsText(ci.value.bands),
        amount: criticalIllness,
      });
  }

  // 4. Medical assistance on what is left of the eligible out-of-pocket.
  let assistance = ZERO;
  const ma = resolveParameter(policy, 'medicalAssistance', facts);
  if (ma !== undefined) {
    const remaining = eligibleOutOfPocket.subtract(criticalIllness);
    assistance = remaining.multiplyRound(ma.value.ratio, rounding);
    if (ma.value.annualCap !== null)
      assistance = Money.min(assistance, max0(ma.value.annualCap.subtract(before.assistancePaid)));
    if (explaining)
      explanations.push({
        layer: 'medical_assistance',
        what: 'ratio of the remaining eligible out-of-pocket',
        parameter: at(ma),
        value: ma.value.ratio.toString(),
        amount: assistance,
      });
  }

  // 5. Commercial supplementary: its own deductible and ratio, possibly over self-paid items too.
  let commercial = ZERO;
  let commercialDeductible = ZERO;
  const cm = resolveParameter(policy, 'commercial', facts);
  if (cm !== undefined) {
    const remaining = eligibleOutOfPocket.subtract(criticalIllness).subtract(assistance);
    const selfPayCovered = cm.value.coversSelfPay ? selfPay : ZERO;
    const cBase = remaining.add(selfPayCovered);
    commercialDeductible = Money.min(
      cBase,
      max0(cm.value.deductible.subtract(before.commercialDeductibleUsed)),
    );
    commercial = cBase.subtract(commercialDeductible).multiplyRound(cm.value.ratio, rounding);
    if (cm.value.annualCap !== null)
      commercial = Money.min(commercial, max0(cm.value.annualCap.subtract(before.commercialPaid)));
    if (explaining)
      explanations.push({
        layer: 'commercial',
        what: `after its deductible ${cm.value.deductible.toFixedString()}${cm.value.coversSelfPay ? ', self-paid items included' : ''}`,
        parameter: at(cm),
        value: cm.value.ratio.toString(),
        amount: commercial,
      });
  }

  // 6. Payers and per-line splits (by eligible amount; commercial also by self-pay when it covers it).
  payers.basic_fund = payers.basic_fund.add(fund).add(specialFund);
  payers.critical_illness = payers.critical_illness.add(criticalIllness);
  payers.medical_assistance = payers.medical_assistance.add(assistance);
  payers.commercial = payers.commercial.add(commercial);
  let paidByOthers = ZERO;
  for (const p of SHARE_PARTIES) if (p !== 'patient') paidByOthers = paidByOthers.add(payers[p]);
  payers.patient = total.subtract(paidByOthers);

  const ordered = work
    .filter((w) => w.sharingRule === null)
    .sort((a, b) => (a.lineId < b.lineId ? -1 : a.lineId > b.lineId ? 1 : 0));
  // Minor units once per line; the four spreads are integer work (allocateMinor).
  const eligibleMinor = ordered.map((w) => w.eligible.toMinor());
  const selfPayMinor =
    cm?.value.coversSelfPay === true
      ? ordered.map((w) => sumAmounts(w.selfPay, ZERO).toMinor())
      : undefined;
  // Layer parts per line, in fen: converted to Money once per party per line at the end.
  const partsMinor: (Map<Party, bigint> | undefined)[] = [];
  spread(partsMinor, 'basic_fund', fund, eligibleMinor);
  spread(partsMinor, 'critical_illness', criticalIllness, eligibleMinor);
  spread(partsMinor, 'medical_assistance', assistance, eligibleMinor);
  spread(
    partsMinor,
    'commercial',
    commercial,
    selfPayMinor === undefined
      ? eligibleMinor
      : eligibleMinor.map((e, k) => e + (selfPayMinor[k] ?? 0n)),
  );
  for (let k = 0; k < ordered.length; k++) {
    const w = ordered[k];
    if (w === undefined) continue;
    // Special-access lines already hold their fund part; the patient pays the rest of the line.
    let paidMinor = w.payers.basic_fund?.toMinor() ?? 0n;
    for (const [party, minor] of partsMinor[k] ?? []) {
      const existing = w.payers[party];
      w.payers[party] =
        existing === undefined ? Money.fromMinor(minor) : existing.add(Money.fromMinor(minor));
      paidMinor += minor;
    }
    w.payers.patient = Money.fromMinor(w.amount.toMinor() - paidMinor);
  }
  const lines: LineSettlement[] = work.map((w) => ({
    lineId: w.lineId,
    amount: w.amount,
    outcome: w.decision.outcome,
    itemId: w.decision.itemId,
    coverageReasons: w.decision.reasons.map((r) => r.code),
    selfPay: w.selfPay,
    eligible: w.eligible,
    payers: w.payers,
    sharingRule: w.sharingRule,
    approvalId: w.decision.approval?.id ?? null,
  }));

  // 7. Accumulators (every MONEY_ACCUMULATORS field).
  const money: Record<MoneyAccumulator, Money> = {
    deductibleUsed: perAdmission ? ZERO : deductiblePart,
    fundPaid: fund.add(specialFund).add(sharingFundCounted),
    criticalIllnessBase: eligibleOutOfPocket,
    criticalIllnessPaid: criticalIllness,
    assistancePaid: assistance,
    commercialDeductibleUsed: commercialDeductible,
    commercialPaid: commercial,
    sharingFundPaid: sharingFundOutsideCap,
  };
  const delta: AccumulatorDelta = { money, admissions: claim.type === 'inpatient' ? 1 : 0 };
  const after = applyDelta(before, delta, 1);

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
  return ok({
    claimId: claim.id,
    versions: { policy: policy.id, catalog: catalog.release.id },
    total,
    eligible,
    selfPay,
    layers: {
      basic: { deductible: deductiblePart, base, fund, capReached },
      criticalIllness,
      medicalAssistance: assistance,
      commercial,
      sharing: sharingTotal,
    },
    payers,
    lines,
    accumulatorsBefore: before,
    accumulatorsAfter: after,
    delta,
    explanations,
  });
}

/** Takes a settlement back: the accumulators it moved return exactly to where they were. */
export function reverse(settlement: Settlement, current: Accumulators): Accumulators {
  return applyDelta(current, settlement.delta, -1);
}
