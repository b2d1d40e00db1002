import {
  type CalendarDate,
  Decimal,
  type InstitutionTier,
  type InsuranceType,
  type Issue,
  type Money,
  type Ratio,
  type Result,
  allocate,
  fail,
  isWithinRegion,
  issue,
  issuesFromZod,
  ok,
  regionCodeSchema,
  roundDecimal,
  roundingRuleSchema,
} from '@openpayer/domain';
import { z } from 'zod';
import { type Facts, type Policy, type Resolved, resolveParameter } from '../policy/policy.ts';
import { type DipCatalog, catalogApplies } from './catalog.ts';
import { capIssues } from './issues.ts';

/**
 * DIP payment for a settlement period (按病种分值付费年度清算):
 *
 * - each case's points = score × adjustment × hospital coefficient (医疗机构系数), where the
 *   adjustment is `cost / average − 1` for a high-multiplier case (cost above `highMultiple` × the
 *   group's average cost), `cost / average` for a low-multiplier case (below `lowFraction` ×), and
 *   1 otherwise; the thresholds are rounded by the policy's rounding (as the DRG thresholds are),
 *   points by the DIP document's `points` rule;
 * - point value (点值) = the period budget of an insurance type ÷ the total points of its cases;
 * - each case is paid its share of its insurance type's budget in proportion to its points, to the
 *   fen, with the remainder fen given by the domain's `allocate` (largest remainders, ties to the
 *   earlier case): the payments of an insurance type sum exactly to its budget.
 *
 * The thresholds and the hospital coefficients are dated, keyed policy parameters (`dipOutliers`,
 * `dipHospitalCoefficient`, resolved like every other parameter: by insurance type, tier,
 * institution …); the DIP document keeps only what is DIP's own: how points are rounded.
 */

export const dipParametersSchema = z
  .strictObject({
    id: z.string().min(1).max(80),
    title: z.string().max(200).default(''),
    region: regionCodeSchema,
    /** How a case's points are rounded (e.g. 4 decimals, half-up). */
    points: roundingRuleSchema,
  })
  .meta({ id: 'DipParameters' });
export type DipParametersWire = z.input<typeof dipParametersSchema>;
export type DipParameters = z.output<typeof dipParametersSchema>;

export const DIP_PAYMENT_ISSUE_CODES = [
  'dip_payment.invalid',
  'dip_payment.unknown_group',
  'dip_payment.no_budget',
  'dip_payment.no_cases',
  'dip_payment.no_points',
  'dip_payment.no_parameter',
  'dip_payment.duplicate_case',
  'dip_payment.bad_value',
  'dip_payment.catalog',
  'dip_payment.more_issues',
] as const;
export type DipPaymentIssueCode = (typeof DIP_PAYMENT_ISSUE_CODES)[number];

/** Validates a DIP parameter document (every issue names its field). */
export function loadDipParameters(input: unknown): Result<DipParameters, DipPaymentIssueCode> {
  const parsed = dipParametersSchema.safeDecode(input as DipParametersWire);
  if (!parsed.success) {
    return fail(
      capIssues(
        issuesFromZod(parsed.error).map((i) => ({ ...i, code: 'dip_payment.invalid' as const })),
        'dip_payment.more_issues',
      ),
    );
  }
  return ok(parsed.data);
}

export interface DipCase {
  readonly id: string;
  /** The DIP group the case was grouped to. */
  readonly group: string;
  readonly insuranceType: InsuranceType;
  readonly institution: string;
  readonly tier: InstitutionTier;
  /** The case's actual total cost. */
  readonly cost: Money;
}

export interface DipBudget {
  readonly insuranceType: InsuranceType;
  readonly amount: Money;
}

export interface DipPeriodInput {
  /** The day whose parameters apply (the period's settlement date). */
  readonly date: CalendarDate;
  readonly budgets: readonly DipBudget[];
  readonly cases: readonly DipCase[];
}

export const DIP_OUTLIER_KINDS = ['high', 'low', 'normal'] as const;
export type DipOutlierKind = (typeof DIP_OUTLIER_KINDS)[number];

export interface DipCasePayment {
  readonly id: string;
  readonly group: string;
  readonly insuranceType: InsuranceType;
  readonly outlier: DipOutlierKind;
  /** Multiplier on the score (1, cost/average − 1, or cost/average). */
  readonly adjustment: Decimal;
  readonly coefficient: Ratio;
  readonly points: Decimal;
  readonly payment: Money;
  readonly explanation: string;
}

export interface DipPointValue {
  readonly insuranceType: InsuranceType;
  readonly budget: Money;
  readonly totalPoints: Decimal;
  /** Budget ÷ total points, exact to 34 significant digits. */
  readonly pointValue: Decimal;
  readonly cases: number;
}

export interface DipPeriodPayment {
  readonly pointValues: readonly DipPointValue[];
  readonly cases: readonly DipCasePayment[];
}

/** The thresholds and coefficient that apply to a case, resolved from the policy. */
interface CaseParameters {
  readonly outliers: Resolved<{ readonly highMultiple: Ratio; readonly lowFraction: Ratio }>;
  readonly coefficient: Resolved<Ratio>;
}

type Missing = {
  readonly parameter: 'dipOutliers' | 'dipHospitalCoefficient';
  readonly what: string;
};

/**
 * Resolves the policy's DIP parameters once per kind of case (insurance type, tier, institution),
 * not once per case: a period of 100,000 cases from a few hundred institutions resolves a few
 * hundred times.
 */
function parameterResolver(
  policy: Policy,
  params: DipParameters,
  date: CalendarDate,
): (c: DipCase) => CaseParameters | Missing {
  const memo = new Map<string, CaseParameters | Missing>();
  return (c) => {
    const memoKey = `${c.insuranceType}|${c.tier}|${c.institution}`;
    const known = memo.get(memoKey);
    if (known !== undefined) return known;
    const facts: Facts = {
      date,
      region: params.region,
      insuranceType: c.insuranceType,
      tier: c.tier,
      claimType: 'inpatient',
      categories: [],
      institution: c.institution,
    };
    const outliers = resolveParameter(policy, 'dipOutliers', facts);
    const coefficient = resolveParameter(policy, 'dipHospitalCoefficient', facts);
    const what = `${c.insuranceType} cases at ${c.institution} (${c.tier})`;
    const resolved: CaseParameters | Missing =
      outliers === undefined
        ? { parameter: 'dipOutliers', what }
        : coefficient === undefined
          ? { parameter: 'dipHospitalCoefficient', what }
          : { outliers, coefficient };
    memo.set(memoKey, resolved);
    return resolved;
  };
}

const isMissing = (r: CaseParameters | Missing): r is Missing => 'parameter' in r;

function missingIssue(
  policy: Policy,
  date: CalendarDate,
  m: Missing,
  cases: number,
): Issue<DipPaymentIssueCode> {
  return issue(
    'dip_payment.no_parameter',
    `policy ${policy.id} has no parameters.${m.parameter} in force on ${date} for ${m.what}${cases > 1 ? ` (and ${cases - 1} more case${cases === 2 ? '' : 's'})` : ''}`,
    { path: ['date'], data: { parameter: m.parameter, cases } },
  );
}

/**
 * The period-level checks: the catalog is in force on the date and for the document's region, and
 * that region is the policy's (or within it).
 */
function periodIssues(
  catalog: DipCatalog,
  policy: Policy,
  params: DipParameters,
  date: CalendarDate,
): Issue<DipPaymentIssueCode>[] {
  const issues: Issue<DipPaymentIssueCode>[] = [];
  const off = catalogApplies(catalog, date, params.region);
  if (off !== null) {
    issues.push(issue('dip_payment.catalog', off.message, { path: [off.field] }));
  }
  if (!isWithinRegion(params.region, policy.region)) {
    issues.push(
      issue(
        'dip_payment.catalog',
        `DIP parameters ${params.id} are for region ${params.region}, policy ${policy.id} for ${policy.region}`,
        { path: ['region'] },
      ),
    );
  }
  return issues;
}

function casePoints(
  catalog: DipCatalog,
  policy: Policy,
  params: DipParameters,
  c: DipCase,
  index: number,
  resolved: CaseParameters,
): Result<Omit<DipCasePayment, 'payment'>, DipPaymentIssueCode> {
  const group = catalog.groups.get(c.group);
  if (group === undefined) {
    return fail([
      issue(
        'dip_payment.unknown_group',
        `cases[${index}] (${c.id}): group ${c.group} is not in catalog ${catalog.id}`,
        { path: ['cases', index, 'group'] },
      ),
    ]);
  }
  if (c.cost.isNegative()) {
    return fail([
      issue(
        'dip_payment.bad_value',
        `cases[${index}] (${c.id}): cost ${c.cost.toFixedString()} is negative`,
        { path: ['cases', index, 'cost'] },
      ),
    ]);
  }
  const { outliers, coefficient } = resolved;
  const average = group.averageCost;
  // Thresholds to the policy's rounding, as the DRG thresholds are (drg/payment.ts outlierPayment).
  const high = average.multiply(outliers.value.highMultiple).round(policy.rounding);
  const low = average.multiply(outliers.value.lowFraction).round(policy.rounding);
  const ratio = c.cost.amount.dividedBy(average.amount);
  let outlier: DipOutlierKind = 'normal';
  let adjustment = new Decimal(1);
  if (c.cost.greaterThan(high)) {
    outlier = 'high';
    adjustment = ratio.minus(1);
  } else if (c.cost.lessThan(low)) {
    outlier = 'low';
    adjustment = ratio;
  }
  const points = roundDecimal(
    group.score.times(adjustment).times(coefficient.value.decimal),
    params.points,
  );
  if (points.isNegative()) {
    return fail([
      issue(
        'dip_payment.bad_value',
        `cases[${index}] (${c.id}): ${points.toFixed()} points (negative): check parameters.dipOutliers[${outliers.index}] and parameters.dipHospitalCoefficient[${coefficient.index}]`,
        { path: ['cases', index, 'cost'] },
      ),
    ]);
  }
  const t = outliers.value;
  const rule =
    outlier === 'high'
      ? `high multiplier (cost ${c.cost.toFixedString()} > ${t.highMultiple.toString()} × average ${average.toFixedString()} = ${high.toFixedString()}): score × (cost / average − 1)`
      : outlier === 'low'
        ? `low multiplier (cost ${c.cost.toFixedString()} < ${t.lowFraction.toString()} × average ${average.toFixedString()} = ${low.toFixedString()}): score × cost / average`
        : `normal (cost ${c.cost.toFixedString()} within ${low.toFixedString()}–${high.toFixedString()}, ${t.lowFraction.toString()}–${t.highMultiple.toString()} × average ${average.toFixedString()})`;
  return ok({
    id: c.id,
    group: group.id,
    insuranceType: c.insuranceType,
    outlier,
    adjustment,
    coefficient: coefficient.value,
    points,
    explanation: `${group.id}: ${rule} (parameters.dipOutliers[${outliers.index}]); ${group.score.toFixed()} × ${adjustment.toSignificantDigits(10).toFixed()} × ${coefficient.value.toString()} = ${points.toFixed()} points; hospital coefficient ${coefficient.value.toString()} (parameters.dipHospitalCoefficient[${coefficient.index}])`,
  });
}

/** The points of one case (no money yet): outlier rule and coefficient, with an explanation. */
export function dipCasePoints(
  catalog: DipCatalog,
  policy: Policy,
  params: DipParameters,
  date: CalendarDate,
  c: DipCase,
  index = 0,
): Result<Omit<DipCasePayment, 'payment'>, DipPaymentIssueCode> {
  const period = periodIssues(catalog, policy, params, date);
  if (period.length > 0) return fail(period);
  const resolved = parameterResolver(policy, params, date)(c);
  if (isMissing(resolved)) return fail([missingIssue(policy, date, resolved, 1)]);
  return casePoints(catalog, policy, params, c, index, resolved);
}

/**
 * Pays a period: every case's points, the point value of each insurance type, and each case's
 * payment — the payments of an insurance type sum exactly to its budget. Refuses the whole period
 * (nothing is paid) when the catalog does not apply, or any case or budget is wrong, naming it.
 */
export function dipPeriodPayment(
  catalog: DipCatalog,
  policy: Policy,
  params: DipParameters,
  input: DipPeriodInput,
): Result<DipPeriodPayment, DipPaymentIssueCode> {
  const period = periodIssues(catalog, policy, params, input.date);
  if (period.length > 0) return fail(period);
  const issues: Issue<DipPaymentIssueCode>[] = [];
  const budgets = new Map<InsuranceType, { amount: Money; index: number }>();
  input.budgets.forEach((b, i) => {
    if (budgets.has(b.insuranceType)) {
      issues.push(
        issue('dip_payment.bad_value', `budgets[${i}]: a second budget for ${b.insuranceType}`, {
          path: ['budgets', i, 'insuranceType'],
        }),
      );
    } else if (b.amount.isNegative() || !b.amount.isAtMinorUnit()) {
      issues.push(
        issue(
          'dip_payment.bad_value',
          `budgets[${i}]: ${b.amount.toDecimalString()} is not an amount ≥ 0 at the fen`,
          { path: ['budgets', i, 'amount'] },
        ),
      );
    } else {
      budgets.set(b.insuranceType, { amount: b.amount, index: i });
    }
  });
  const resolve = parameterResolver(policy, params, input.date);
  // One issue per missing parameter (a date outside every entry is one mistake, not one per case).
  const missing = new Map<Missing['parameter'], { first: Missing; cases: number }>();
  const ids = new Map<string, number>();
  const points: Omit<DipCasePayment, 'payment'>[] = [];
  input.cases.forEach((c, i) => {
    const seen = ids.get(c.id);
    if (seen !== undefined) {
      issues.push(
        issue('dip_payment.duplicate_case', `cases[${i}]: case ${c.id} is also cases[${seen}]`, {
          path: ['cases', i, 'id'],
        }),
      );
      return;
    }
    ids.set(c.id, i);
    if (!input.budgets.some((b) => b.insuranceType === c.insuranceType)) {
      issues.push(
        issue('dip_payment.no_budget', `cases[${i}] (${c.id}): no budget for ${c.insuranceType}`, {
          path: ['cases', i, 'insuranceType'],
        }),
      );
      return;
    }
    const resolved = resolve(c);
    if (isMissing(resolved)) {
      const m = missing.get(resolved.parameter);
      if (m === undefined) missing.set(resolved.parameter, { first: resolved, cases: 1 });
      else m.cases++;
      return;
    }
    const r = casePoints(catalog, policy, params, c, i, resolved);
    if (r.ok) points.push(r.value);
    else issues.push(...r.issues);
  });
  for (const { first, cases } of missing.values()) {
    issues.push(missingIssue(policy, input.date, first, cases));
  }
  const pointValues: DipPointValue[] = [];
  const payments: Money[] = [];
  for (const [insuranceType, budget] of budgets) {
    const mine = points
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => p.insuranceType === insuranceType);
    const total = mine.reduce((sum, { p }) => sum.plus(p.points), new Decimal(0));
    const where = ['budgets', budget.index, 'amount'];
    if (mine.length === 0) {
      issues.push(
        issue(
          'dip_payment.no_cases',
          `the ${insuranceType} budget ${budget.amount.toFixedString()} has no cases to pay`,
          { path: where },
        ),
      );
      continue;
    }
    if (!total.greaterThan(0)) {
      issues.push(
        issue(
          'dip_payment.no_points',
          `the ${insuranceType} cases have no points: the budget cannot be shared`,
          { path: where },
        ),
      );
      continue;
    }
    pointValues.push({
      insuranceType,
      budget: budget.amount,
      totalPoints: total,
      pointValue: budget.amount.amount.dividedBy(total),
      cases: mine.length,
    });
    const parts = allocate(
      budget.amount,
      mine.map(({ p }) => p.points),
    );
    mine.forEach(({ i }, k) => {
      payments[i] = parts[k] as Money;
    });
  }
  if (issues.length > 0) return fail(capIssues(issues, 'dip_payment.more_issues'));
  // Every case has a budget (checked above) and every budget with cases was shared (or refused).
  return ok({
    pointValues,
    cases: points.map((p, i) => ({ ...p, payment: payments[i] as Money })),
  });
}
