import {
  type AccountingPeriod,
  type CalendarDate,
  Decimal,
  INSTITUTION_TIERS,
  INSURANCE_TYPES,
  type InstitutionTier,
  type InsuranceType,
  type Issue,
  Money,
  type Result,
  addDays,
  calendarDateSchema,
  decimalCodec,
  fail,
  issue,
  moneyCodec,
  ok,
  Ratio,
  unitRatioCodec,
} from '@openpayer/domain';
import { z } from 'zod';
import { type Policy, resolveParameter } from '../policy/policy.ts';

/**
 * Period reconciliation (结算清算) of one hospital's case-paid inpatient cases: each case's DRG or
 * DIP payment against its actual cost (the stored settlement's total), then per fund (insurance
 * type) the net of the cases paid the ordinary way is shared as the policy's `caseReconciliation`
 * says — a surplus (结余) retained by the hospital at a share, part of it to the care team, the rest
 * back to the fund; an overrun (超支) borne by the hospital at a share, the fund bearing the rest.
 * Outlier cases (high / low cost) are paid by their own rule and kept out of the shared net.
 *
 * Special-case review (特病单议): the hospital asks that a case not be paid by its group; the
 * reviewer's decisions come with the period (`specialCases`). An approved case is paid its actual
 * cost × the policy's `specialCaseReview.paymentRatio` instead of its group's payment, marked
 * `special`, and — like the high / low outliers, being paid by its own rule — kept out of the shared
 * net (counted in the pool's `outlierCases` / `outlierNet`): the review exists to take the case out
 * of the group's economics, so its difference is neither retained as surplus nor shared as overrun.
 * A rejected case is paid as before, the rejection in its explanation.
 *
 * Under item-by-item settlement the payers together paid the hospital each case's cost, so what
 * the fund owes the hospital at the period's close is the `adjustment`: the retained surplus, less
 * the overrun it bears, plus each outlier case's payment less its cost (negative: recovered).
 */

export const RECONCILIATION_METHODS = ['drg', 'dip'] as const;
export type ReconciliationMethod = (typeof RECONCILIATION_METHODS)[number];

/**
 * How a case was paid: by the group's standard, by an outlier rule, or (`special`) by its cost as
 * an approved special case (特病单议).
 */
export const RECONCILED_OUTLIERS = ['normal', 'high', 'low', 'special'] as const;
/** How the payment rule (DRG, DIP) paid a case, before any special-case review. */
export const CASE_OUTLIERS = ['normal', 'high', 'low'] as const;
export type CaseOutlier = (typeof CASE_OUTLIERS)[number];

export const SPECIAL_CASE_DECISIONS = ['approved', 'rejected'] as const;
export type SpecialCaseDecision = (typeof SPECIAL_CASE_DECISIONS)[number];

/** A reviewer's decision on a hospital's request that a case not be paid by its group (特病单议). */
export const specialCaseSchema = z
  .strictObject({
    claimId: z.string().min(1).max(64),
    decision: z.enum(SPECIAL_CASE_DECISIONS),
    reason: z
      .string()
      .min(1)
      .max(500)
      .meta({ description: 'Why, e.g. "extreme cost: ECMO 21 days", "new technology".' }),
  })
  .meta({ id: 'SpecialCase' });
export type SpecialCase = z.output<typeof specialCaseSchema>;

export const reconciledCaseSchema = z
  .strictObject({
    claimId: z.string(),
    settlementId: z.string().nullable(),
    insuranceType: z.enum(INSURANCE_TYPES),
    dischargeDate: calendarDateSchema,
    group: z.string().meta({ description: 'The DRG or DIP group the case was paid by.' }),
    outlier: z.enum(RECONCILED_OUTLIERS),
    payment: moneyCodec.meta({
      description: 'The case payment (DRG standard, DIP points × value).',
    }),
    cost: moneyCodec.meta({ description: "The case's actual cost (its settlement's total)." }),
    difference: moneyCodec.meta({
      description: 'payment − cost: positive a surplus, negative a loss.',
    }),
    points: decimalCodec.optional().meta({
      description:
        "DIP only: the case's points (score × the outlier multiplier × the hospital coefficient), paid at its fund's point value.",
    }),
    weight: decimalCodec.optional().meta({
      description:
        "DRG only: the relative weight the case was paid by (its group's weight, or its technique subgroup's); the case-mix index is their mean.",
    }),
    explanations: z.array(z.string()),
  })
  .meta({ id: 'ReconciledCase' });
export type ReconciledCase = z.output<typeof reconciledCaseSchema>;

export const reconciliationPoolSchema = z
  .strictObject({
    insuranceType: z.enum(INSURANCE_TYPES),
    cases: z.int().min(0),
    payment: moneyCodec,
    cost: moneyCodec,
    /** Net of the cases paid by their group's standard (outliers excluded). */
    sharedNet: moneyCodec,
    outlierCases: z.int().min(0),
    /** Σ (payment − cost) of the outlier cases, paid by their rule. */
    outlierNet: moneyCodec,
    shares: z.strictObject({
      surplusRetained: unitRatioCodec,
      careTeamShare: unitRatioCodec,
      overrunBorne: unitRatioCodec,
      /** The policy entry the shares came from, e.g. `parameters.caseReconciliation[0]`. */
      source: z.string(),
    }),
    hospitalRetains: moneyCodec,
    careTeam: moneyCodec.meta({
      description: 'Of what the hospital retains, the care team’s part.',
    }),
    returnedToFund: moneyCodec,
    hospitalBears: moneyCodec,
    fundBears: moneyCodec,
    adjustment: moneyCodec.meta({
      description:
        'What the fund pays the hospital at the close beyond the item-based settlements (negative: recovers).',
    }),
  })
  .meta({ id: 'ReconciliationPool' });
export type ReconciliationPool = z.output<typeof reconciliationPoolSchema>;

/** A fund's DIP budget for a region's period, as a request carries it. */
export const dipBudgetSchema = z
  .strictObject({
    insuranceType: z.enum(INSURANCE_TYPES),
    amount: moneyCodec
      .refine((m) => !m.isNegative(), { error: 'must be an amount ≥ 0' })
      .meta({
        description:
          "The region's budget of the fund for the period: the point value is it ÷ every hospital's points.",
      }),
  })
  .meta({ id: 'DipBudget' });

/** A DIP period's point value of one fund (insurance type): its budget over every hospital's points. */
export const dipPointValueSchema = z
  .strictObject({
    insuranceType: z.enum(INSURANCE_TYPES),
    budget: moneyCodec.meta({ description: "The region's period budget of the fund." }),
    totalPoints: decimalCodec.meta({
      description: "The points of every hospital's cases of the fund in the period.",
    }),
    pointValue: decimalCodec.meta({
      description: 'budget ÷ totalPoints (点值), exact to 34 significant digits.',
    }),
    cases: z.int().min(0).meta({ description: "The region's cases of the fund." }),
  })
  .meta({ id: 'DipPointValue' });

export const reconciliationSchema = z
  .strictObject({
    institution: z.string(),
    tier: z.enum(INSTITUTION_TIERS),
    region: z.string(),
    period: z.strictObject({
      label: z.string(),
      start: calendarDateSchema,
      end: calendarDateSchema,
    }),
    method: z.enum(RECONCILIATION_METHODS),
    policy: z.string().meta({ description: 'The policy version whose shares were applied.' }),
    totals: z.strictObject({
      cases: z.int().min(0),
      payment: moneyCodec,
      cost: moneyCodec,
      net: moneyCodec,
      hospitalRetains: moneyCodec,
      careTeam: moneyCodec,
      hospitalBears: moneyCodec,
      adjustment: moneyCodec,
    }),
    pools: z.array(reconciliationPoolSchema),
    cases: z.array(reconciledCaseSchema),
    pointValues: z.array(dipPointValueSchema).optional().meta({
      description:
        "DIP only: each fund's point value over the region's cases (the hospital's cases are paid points × it).",
    }),
  })
  .meta({
    id: 'Reconciliation',
    description:
      "A hospital's period reconciliation: its case payments against actual cost, the surplus retained or overrun borne by the policy's shares, and the fund's adjustment.",
  });
export type Reconciliation = z.output<typeof reconciliationSchema>;
export type ReconciliationWire = z.input<typeof reconciliationSchema>;

export const RECONCILE_ISSUE_CODES = [
  'reconcile.no_cases',
  'reconcile.no_policy',
  'reconcile.no_shares',
  'reconcile.duplicate_case',
  'reconcile.case_outside_period',
  'reconcile.case_not_paid',
  'reconcile.case_held',
  'reconcile.unknown_special_case',
  'reconcile.duplicate_special_case',
  'reconcile.no_special_case_review',
  'reconcile.too_many_special_cases',
  'reconcile.dip_payment',
] as const;
export type ReconcileIssueCode = (typeof RECONCILE_ISSUE_CODES)[number];

/** A period without cases is refused: a reconciliation of nothing is not recorded as zero. */
export function noCases(input: {
  readonly institution: string;
  readonly period: AccountingPeriod;
}): Issue<ReconcileIssueCode> {
  return issue(
    'reconcile.no_cases',
    `${input.institution} has no case-paid inpatient cases discharged in ${input.period.label}`,
    { path: ['period'] },
  );
}

/** A case with its payment already computed (DRG or DIP). */
export interface CaseToReconcile {
  readonly claimId: string;
  readonly settlementId?: string | undefined;
  readonly insuranceType: InsuranceType;
  readonly dischargeDate: CalendarDate;
  readonly group: string;
  readonly outlier: CaseOutlier;
  readonly payment: Money;
  readonly cost: Money;
  /** DIP: the case's points, paid at the point value. */
  readonly points?: Decimal | undefined;
  /** DRG: the relative weight the case was paid by (its group's, or its technique subgroup's). */
  readonly weight?: Decimal | undefined;
  readonly explanations: readonly string[];
}

export interface ReconcileInput {
  readonly institution: string;
  readonly tier: InstitutionTier;
  readonly region: string;
  readonly period: AccountingPeriod;
  readonly method: ReconciliationMethod;
  readonly cases: readonly CaseToReconcile[];
  /** The reviewer's special-case decisions (特病单议) on cases of the period, by claim id. */
  readonly specialCases?: readonly SpecialCase[] | undefined;
}

/**
 * Reconciles a hospital's period. `policy` is the version in force on the period's last day: its
 * `caseReconciliation` shares apply to the whole period (each case was paid by the version of its
 * own date). Every problem is answered, with the case's index; nothing is computed half.
 */
export function reconcileCases(
  policy: Policy,
  input: ReconcileInput,
): Result<Reconciliation, ReconcileIssueCode> {
  const issues: Issue<ReconcileIssueCode>[] = [];
  const lastDay = addDays(input.period.end, -1);
  if (input.cases.length === 0) issues.push(noCases(input));
  const seen = new Set<string>();
  input.cases.forEach((c, i) => {
    if (seen.has(c.claimId)) {
      issues.push(
        issue('reconcile.duplicate_case', `claim ${c.claimId} is in the period twice`, {
          path: ['cases', i, 'claimId'],
        }),
      );
    }
    seen.add(c.claimId);
    if (c.dischargeDate < input.period.start || c.dischargeDate >= input.period.end) {
      issues.push(
        issue(
          'reconcile.case_outside_period',
          `claim ${c.claimId} was discharged on ${c.dischargeDate}, outside ${input.period.label} (${input.period.start} to ${lastDay})`,
          { path: ['cases', i, 'dischargeDate'] },
        ),
      );
    }
  });
  const types = INSURANCE_TYPES.filter((t) => input.cases.some((c) => c.insuranceType === t));
  const shares = new Map<InsuranceType, ReturnType<typeof sharesOf>>();
  for (const t of types) {
    const resolved = sharesOf(policy, input, t, lastDay);
    if (resolved === undefined) {
      issues.push(
        issue(
          'reconcile.no_shares',
          `policy ${policy.id} has no parameters.caseReconciliation in force on ${lastDay} for ${t} cases at ${input.institution} (${input.tier})`,
          { path: ['period'], data: { insuranceType: t, policy: policy.id } },
        ),
      );
    } else shares.set(t, resolved);
  }
  const special = reviewSpecialCases(policy, input, lastDay);
  issues.push(...special.issues);
  if (issues.length > 0) return fail(issues);

  const rounding = policy.rounding;
  const cases: ReconciledCase[] = input.cases.map((c) => {
    const decision = special.decisions.get(c.claimId);
    const review = special.reviews.get(c.insuranceType);
    if (decision?.decision === 'approved' && review !== undefined) {
      const payment = c.cost.multiplyRound(review.value.paymentRatio, rounding);
      return {
        claimId: c.claimId,
        settlementId: c.settlementId ?? null,
        insuranceType: c.insuranceType,
        dischargeDate: c.dischargeDate,
        group: c.group,
        outlier: 'special' as const,
        payment,
        cost: c.cost,
        difference: payment.subtract(c.cost),
        ...(c.points === undefined ? {} : { points: c.points }),
        ...(c.weight === undefined ? {} : { weight: c.weight }),
        explanations: [
          ...c.explanations,
          `special case (特病单议) approved: ${decision.reason}; paid cost ${c.cost.toFixedString()} × ${review.value.paymentRatio.toString()} = ${payment.toFixedString()} instead of ${c.payment.toFixedString()}${c.outlier === 'normal' ? '' : ` (${c.outlier}-cost)`} by ${c.group}, outside the shared net (${policy.id} parameters.specialCaseReview[${String(review.index)}])`,
        ],
      };
    }
    return {
      claimId: c.claimId,
      settlementId: c.settlementId ?? null,
      insuranceType: c.insuranceType,
      dischargeDate: c.dischargeDate,
      group: c.group,
      outlier: c.outlier,
      payment: c.payment,
      cost: c.cost,
      difference: c.payment.subtract(c.cost),
      ...(c.points === undefined ? {} : { points: c.points }),
      ...(c.weight === undefined ? {} : { weight: c.weight }),
      explanations: [
        ...c.explanations,
        ...(decision?.decision === 'rejected'
          ? [`special case (特病单议) rejected: ${decision.reason}; paid by ${c.group} as usual`]
          : []),
      ],
    };
  });
  const pools: ReconciliationPool[] = types.map((t) => {
    const own = cases.filter((c) => c.insuranceType === t);
    const ordinary = own.filter((c) => c.outlier === 'normal');
    const outliers = own.filter((c) => c.outlier !== 'normal');
    const s = shares.get(t);
    if (s === undefined) throw new Error('unreachable: shares resolved above');
    const sharedNet = Money.sum(ordinary.map((c) => c.difference));
    const outlierNet = Money.sum(outliers.map((c) => c.difference));
    const zero = Money.zero();
    // A surplus: the hospital's share rounded once, the fund's the exact rest.
    const hospitalRetains = sharedNet.isPositive()
      ? sharedNet.multiplyRound(s.value.surplusRetained, rounding)
      : zero;
    const careTeam = hospitalRetains.multiplyRound(s.value.careTeamShare, rounding);
    const returnedToFund = sharedNet.isPositive() ? sharedNet.subtract(hospitalRetains) : zero;
    const overrun = sharedNet.isNegative() ? sharedNet.negate() : zero;
    const hospitalBears = overrun.multiplyRound(s.value.overrunBorne, rounding);
    const fundBears = overrun.subtract(hospitalBears);
    return {
      insuranceType: t,
      cases: own.length,
      payment: Money.sum(own.map((c) => c.payment)),
      cost: Money.sum(own.map((c) => c.cost)),
      sharedNet,
      outlierCases: outliers.length,
      outlierNet,
      shares: {
        surplusRetained: s.value.surplusRetained,
        careTeamShare: s.value.careTeamShare,
        overrunBorne: s.value.overrunBorne,
        source: `${policy.id} parameters.caseReconciliation[${String(s.index)}]`,
      },
      hospitalRetains,
      careTeam,
      returnedToFund,
      hospitalBears,
      fundBears,
      adjustment: hospitalRetains.subtract(hospitalBears).add(outlierNet),
    };
  });
  const sum = (pick: (p: ReconciliationPool) => Money) => Money.sum(pools.map(pick));
  const payment = sum((p) => p.payment);
  const cost = sum((p) => p.cost);
  return ok({
    institution: input.institution,
    tier: input.tier,
    region: input.region,
    period: { label: input.period.label, start: input.period.start, end: input.period.end },
    method: input.method,
    policy: policy.id,
    totals: {
      cases: cases.length,
      payment,
      cost,
      net: payment.subtract(cost),
      hospitalRetains: sum((p) => p.hospitalRetains),
      careTeam: sum((p) => p.careTeam),
      hospitalBears: sum((p) => p.hospitalBears),
      adjustment: sum((p) => p.adjustment),
    },
    pools,
    cases,
  });
}

/**
 * The special-case decisions checked against the period's cases and the closing policy's
 * `specialCaseReview` (resolved per fund, like the shares): each names a case of the period, once;
 * an approval needs an entry in force; a fund's approvals are at most `maxShareOfCases` of its
 * cases (compared exactly: approved ÷ cases ≤ the ratio).
 */
function reviewSpecialCases(policy: Policy, input: ReconcileInput, date: CalendarDate) {
  const issues: Issue<ReconcileIssueCode>[] = [];
  const decisions = new Map<string, SpecialCase>();
  const reviews = new Map<InsuranceType, ReturnType<typeof reviewOf>>();
  const byClaim = new Map(input.cases.map((c) => [c.claimId, c]));
  const approved = new Map<InsuranceType, number>();
  (input.specialCases ?? []).forEach((s, i) => {
    const c = byClaim.get(s.claimId);
    if (c === undefined) {
      issues.push(
        issue(
          'reconcile.unknown_special_case',
          `special case ${String(i)}: claim ${s.claimId} is not a case of ${input.institution} in ${input.period.label}`,
          { path: ['specialCases', i, 'claimId'], data: { claimId: s.claimId } },
        ),
      );
      return;
    }
    if (decisions.has(s.claimId)) {
      issues.push(
        issue(
          'reconcile.duplicate_special_case',
          `special case ${String(i)}: claim ${s.claimId} already has a decision`,
          { path: ['specialCases', i, 'claimId'], data: { claimId: s.claimId } },
        ),
      );
      return;
    }
    decisions.set(s.claimId, s);
    if (s.decision !== 'approved') return;
    if (!reviews.has(c.insuranceType)) {
      reviews.set(c.insuranceType, reviewOf(policy, input, c.insuranceType, date));
    }
    if (reviews.get(c.insuranceType) === undefined) {
      issues.push(
        issue(
          'reconcile.no_special_case_review',
          `special case ${String(i)}: claim ${s.claimId} is approved, but policy ${policy.id} has no parameters.specialCaseReview in force on ${date} for ${c.insuranceType} cases at ${input.institution} (${input.tier})`,
          {
            path: ['specialCases', i, 'decision'],
            data: { claimId: s.claimId, insuranceType: c.insuranceType, policy: policy.id },
          },
        ),
      );
      return;
    }
    approved.set(c.insuranceType, (approved.get(c.insuranceType) ?? 0) + 1);
  });
  for (const [insuranceType, count] of approved) {
    const review = reviews.get(insuranceType);
    if (review === undefined) continue;
    const cases = input.cases.filter((c) => c.insuranceType === insuranceType).length;
    const share = Ratio.fraction(new Decimal(count), new Decimal(cases));
    if (share.compare(review.value.maxShareOfCases) > 0) {
      const allowed = review.value.maxShareOfCases.decimal
        .times(cases)
        .toDecimalPlaces(0, Decimal.ROUND_DOWN)
        .toNumber();
      issues.push(
        issue(
          'reconcile.too_many_special_cases',
          `${String(count)} of ${String(cases)} ${insuranceType} cases approved as special cases; at most ${review.value.maxShareOfCases.toString()} of them (${String(allowed)}) may be (${policy.id} parameters.specialCaseReview[${String(review.index)}])`,
          {
            path: ['specialCases'],
            data: {
              insuranceType,
              approved: count,
              cases,
              allowed,
              maxShareOfCases: review.value.maxShareOfCases.toString(),
              policy: policy.id,
            },
          },
        ),
      );
    }
  }
  return { issues, decisions, reviews };
}

function reviewOf(
  policy: Policy,
  input: ReconcileInput,
  insuranceType: InsuranceType,
  date: CalendarDate,
) {
  return resolveParameter(policy, 'specialCaseReview', {
    date,
    region: input.region,
    insuranceType,
    tier: input.tier,
    claimType: 'inpatient',
    categories: [],
    institution: input.institution,
  });
}

function sharesOf(
  policy: Policy,
  input: ReconcileInput,
  insuranceType: InsuranceType,
  date: CalendarDate,
) {
  return resolveParameter(policy, 'caseReconciliation', {
    date,
    region: input.region,
    insuranceType,
    tier: input.tier,
    claimType: 'inpatient',
    categories: [],
    institution: input.institution,
  });
}

/** A DIP case of the institution, as `dipPeriodPayment` was given it, with its discharge. */
export interface DipSettledCase {
  readonly id: string;
  readonly settlementId?: string | undefined;
  readonly dischargeDate: CalendarDate;
  readonly cost: Money;
}

/**
 * DIP reconciliation of a hospital's period: its cases' payments from the region's period payment
 * (`dipPeriodPayment`: the budget closes the point value over every hospital's points), against
 * their cost, shared by `reconcileCases`. A case the period payment does not hold is an issue.
 */
export function reconcileDipPeriod(
  policy: Policy,
  input: Omit<ReconcileInput, 'method' | 'cases'> & {
    readonly paid: {
      readonly cases: readonly {
        readonly id: string;
        readonly group: string;
        readonly insuranceType: InsuranceType;
        readonly outlier: CaseOutlier;
        readonly payment: Money;
        readonly points: Decimal;
        readonly explanation: string;
      }[];
    };
    readonly cases: readonly DipSettledCase[];
  },
): Result<Reconciliation, ReconcileIssueCode> {
  const byId = new Map(input.paid.cases.map((c) => [c.id, c]));
  const issues: Issue<ReconcileIssueCode>[] = [];
  const cases: CaseToReconcile[] = [];
  input.cases.forEach((c, i) => {
    const paid = byId.get(c.id);
    if (paid === undefined) {
      issues.push(
        issue('reconcile.case_not_paid', `case ${c.id} is not in the period's DIP payment`, {
          path: ['cases', i, 'id'],
          data: { claimId: c.id },
        }),
      );
      return;
    }
    cases.push({
      claimId: c.id,
      settlementId: c.settlementId,
      insuranceType: paid.insuranceType,
      dischargeDate: c.dischargeDate,
      group: paid.group,
      outlier: paid.outlier,
      payment: paid.payment,
      cost: c.cost,
      points: paid.points,
      explanations: [paid.explanation],
    });
  });
  if (issues.length > 0) return fail(issues);
  const { paid: _paid, ...rest } = input;
  return reconcileCases(policy, { ...rest, method: 'dip', cases });
}
