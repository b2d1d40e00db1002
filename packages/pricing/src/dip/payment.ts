import {
  type CalendarDate,
  Decimal,
  INSTITUTION_TIERS,
  INSURANCE_TYPES,
  type InstitutionTier,
  type InsuranceType,
  type Issue,
  Money,
  Ratio,
  type Result,
  allocate,
  calendarDateSchema,
  fail,
  issue,
  issuesFromZod,
  ok,
  ratioCodec,
  regionCodeSchema,
  unitRatioCodec,
} from '@openpayer/domain';
import { z } from 'zod';
import type { DipCatalog } from './catalog.ts';

/**
 * DIP payment for a settlement period (按病种分值付费年度清算):
 *
 * - each case's points = score × adjustment × hospital coefficient (医疗机构系数), where the
 *   adjustment is `cost / average − 1` for a high-multiplier case (cost above `highMultiple` × the
 *   group's average cost), `cost / average` for a low-multiplier case (below `lowFraction` ×), and
 *   1 otherwise; points are rounded to `pointsDecimals`;
 * - point value (点值) = the period budget of an insurance type ÷ the total points of its cases;
 * - each case is paid its share of its insurance type's budget in proportion to its points, to the
 *   fen, with the remainder fen given by the domain's `allocate` (largest remainders, ties to the
 *   earlier case): the payments of an insurance type sum exactly to its budget.
 *
 * The thresholds, coefficients and point precision are a dated parameter document (below), never
 * constants: a city changes them by publishing a new version.
 */

const dated = {
  from: calendarDateSchema,
  to: calendarDateSchema.nullable().default(null).meta({ description: 'Exclusive; null = open.' }),
};

export const dipParametersSchema = z
  .strictObject({
    id: z.string().min(1).max(80),
    title: z.string().max(200).default(''),
    region: regionCodeSchema,
    /** Decimals kept on a case's points (e.g. 4). */
    pointsDecimals: z.int().min(0).max(10),
    /** High / low multiplier thresholds, by insurance type where they differ. */
    outliers: z
      .array(
        z.strictObject({
          ...dated,
          insuranceType: z.enum(INSURANCE_TYPES).optional(),
          highMultiple: ratioCodec.meta({ description: 'e.g. "2" = 200% of the average.' }),
          lowFraction: unitRatioCodec.meta({ description: 'e.g. "0.5" = 50% of the average.' }),
        }),
      )
      .min(1),
    /** 医疗机构系数: by institution (most specific), by tier, or for all. */
    hospitalCoefficients: z
      .array(
        z.strictObject({
          ...dated,
          institution: z.string().min(1).max(64).optional(),
          tier: z.enum(INSTITUTION_TIERS).optional(),
          coefficient: ratioCodec,
        }),
      )
      .default([]),
  })
  .meta({ id: 'DipParameters' });
export type DipParametersWire = z.input<typeof dipParametersSchema>;
export type DipParameters = z.output<typeof dipParametersSchema>;

export const DIP_PAYMENT_ISSUE_CODES = [
  'dip_payment.invalid',
  'dip_payment.overlap',
  'dip_payment.unknown_group',
  'dip_payment.no_budget',
  'dip_payment.no_cases',
  'dip_payment.no_points',
  'dip_payment.no_parameter',
  'dip_payment.duplicate_case',
  'dip_payment.bad_value',
] as const;
export type DipPaymentIssueCode = (typeof DIP_PAYMENT_ISSUE_CODES)[number];

const inForce = (e: { from: string; to: string | null }, date: string) =>
  e.from <= date && (e.to === null || date < e.to);
const overlaps = (a: { from: string; to: string | null }, b: { from: string; to: string | null }) =>
  (a.to === null || b.from < a.to) && (b.to === null || a.from < b.to);

/** Validates a DIP parameter document: schema, periods, and no two same-keyed entries in force at once. */
export function loadDipParameters(input: unknown): Result<DipParameters, DipPaymentIssueCode> {
  const parsed = dipParametersSchema.safeDecode(input as DipParametersWire);
  if (!parsed.success) {
    return fail(
      issuesFromZod(parsed.error)
        .slice(0, 100)
        .map((i) => ({ ...i, code: 'dip_payment.invalid' as const })),
    );
  }
  const p = parsed.data;
  const issues: Issue<DipPaymentIssueCode>[] = [];
  const check = <E extends { from: string; to: string | null }>(
    name: 'outliers' | 'hospitalCoefficients',
    entries: readonly E[],
    key: (e: E) => string,
  ) => {
    entries.forEach((e, i) => {
      if (e.to !== null && e.to <= e.from) {
        issues.push(
          issue(
            'dip_payment.invalid',
            `${name}[${i}]: "to" ${e.to} must be after "from" ${e.from}`,
            {
              path: [name, i, 'to'],
            },
          ),
        );
        return;
      }
      const j = entries.findIndex(
        (o, k) => k < i && key(o) === key(e) && (o.to === null || o.to > o.from) && overlaps(o, e),
      );
      if (j >= 0) {
        issues.push(
          issue(
            'dip_payment.overlap',
            `${name}[${i}] is in force together with ${name}[${j}] for the same keys`,
            {
              path: [name, i, 'from'],
            },
          ),
        );
      }
    });
  };
  check('outliers', p.outliers, (e) => e.insuranceType ?? '');
  check(
    'hospitalCoefficients',
    p.hospitalCoefficients,
    (e) => `${e.institution ?? ''}|${e.tier ?? ''}`,
  );
  return issues.length > 0 ? fail(issues) : ok(p);
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

/** The points of one case (no money yet): outlier rule and coefficient, with an explanation. */
export function dipCasePoints(
  catalog: DipCatalog,
  params: DipParameters,
  date: CalendarDate,
  c: DipCase,
  index = 0,
): Result<Omit<DipCasePayment, 'payment'>, DipPaymentIssueCode> {
  const group = catalog.groups.get(c.group);
  if (group === undefined) {
    return fail([
      issue(
        'dip_payment.unknown_group',
        `cases[${index}] (${c.id}): group ${c.group} is not in catalog ${catalog.id}`,
        {
          path: ['cases', index, 'group'],
        },
      ),
    ]);
  }
  if (c.cost.isNegative()) {
    return fail([
      issue(
        'dip_payment.bad_value',
        `cases[${index}] (${c.id}): cost ${c.cost.toFixedString()} is negative`,
        {
          path: ['cases', index, 'cost'],
        },
      ),
    ]);
  }
  const outlierEntries = params.outliers.filter(
    (e) =>
      inForce(e, date) && (e.insuranceType === undefined || e.insuranceType === c.insuranceType),
  );
  const outliers = outlierEntries.find((e) => e.insuranceType !== undefined) ?? outlierEntries[0];
  if (outliers === undefined) {
    return fail([
      issue(
        'dip_payment.no_parameter',
        `${params.id} has no outlier thresholds in force on ${date} for ${c.insuranceType}`,
        {
          path: ['date'],
        },
      ),
    ]);
  }
  const coefficients = params.hospitalCoefficients.filter(
    (e) =>
      inForce(e, date) &&
      (e.institution === undefined || e.institution === c.institution) &&
      (e.tier === undefined || e.tier === c.tier),
  );
  const specificity = (e: (typeof coefficients)[number]) =>
    (e.institution === undefined ? 0 : 2) + (e.tier === undefined ? 0 : 1);
  const coefficientEntry = [...coefficients].sort((a, b) => specificity(b) - specificity(a))[0];
  const coefficient = coefficientEntry?.coefficient ?? Ratio.ONE;
  const average = group.averageCost.amount;
  const cost = c.cost.amount;
  const ratio = cost.dividedBy(average);
  let outlier: DipOutlierKind = 'normal';
  let adjustment = new Decimal(1);
  if (cost.greaterThan(average.times(outliers.highMultiple.decimal))) {
    outlier = 'high';
    adjustment = ratio.minus(1);
  } else if (cost.lessThan(average.times(outliers.lowFraction.decimal))) {
    outlier = 'low';
    adjustment = ratio;
  }
  const points = group.score
    .times(adjustment)
    .times(coefficient.decimal)
    .toDecimalPlaces(params.pointsDecimals, Decimal.ROUND_HALF_UP);
  const rule =
    outlier === 'high'
      ? `high multiplier (cost ${c.cost.toFixedString()} > ${outliers.highMultiple.toString()} × average ${group.averageCost.toFixedString()}): score × (cost / average − 1)`
      : outlier === 'low'
        ? `low multiplier (cost ${c.cost.toFixedString()} < ${outliers.lowFraction.toString()} × average ${group.averageCost.toFixedString()}): score × cost / average`
        : `normal (cost ${c.cost.toFixedString()} within ${outliers.lowFraction.toString()}–${outliers.highMultiple.toString()} × average ${group.averageCost.toFixedString()})`;
  const coefficientText =
    coefficientEntry === undefined
      ? 'no hospital coefficient in force (1)'
      : `hospital coefficient ${coefficient.toString()} (hospitalCoefficients[${params.hospitalCoefficients.indexOf(coefficientEntry)}])`;
  return ok({
    id: c.id,
    group: group.id,
    insuranceType: c.insuranceType,
    outlier,
    adjustment,
    coefficient,
    points,
    explanation: `${group.id}: ${rule}; ${group.score.toFixed()} × ${adjustment.toSignificantDigits(10).toFixed()} × ${coefficient.toString()} = ${points.toFixed()} points; ${coefficientText}`,
  });
}

/**
 * Pays a period: every case's points, the point value of each insurance type, and each case's
 * payment — the payments of an insurance type sum exactly to its budget. Refuses the whole period
 * (nothing is paid) when any case or budget is wrong, naming it.
 */
export function dipPeriodPayment(
  catalog: DipCatalog,
  params: DipParameters,
  input: DipPeriodInput,
): Result<DipPeriodPayment, DipPaymentIssueCode> {
  const issues: Issue<DipPaymentIssueCode>[] = [];
  const budgets = new Map<InsuranceType, Money>();
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
          {
            path: ['budgets', i, 'amount'],
          },
        ),
      );
    } else {
      budgets.set(b.insuranceType, b.amount);
    }
  });
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
    const r = dipCasePoints(catalog, params, input.date, c, i);
    if (r.ok) points.push(r.value);
    else issues.push(...r.issues);
  });
  const pointValues: DipPointValue[] = [];
  const payments = new Map<number, Money>();
  for (const [insuranceType, budget] of budgets) {
    const mine = points
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => p.insuranceType === insuranceType);
    const total = mine.reduce((sum, { p }) => sum.plus(p.points), new Decimal(0));
    const where = [
      'budgets',
      input.budgets.findIndex((b) => b.insuranceType === insuranceType),
      'amount',
    ];
    if (mine.length === 0) {
      issues.push(
        issue(
          'dip_payment.no_cases',
          `the ${insuranceType} budget ${budget.toFixedString()} has no cases to pay`,
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
      budget,
      totalPoints: total,
      pointValue: budget.amount.dividedBy(total),
      cases: mine.length,
    });
    const parts = allocate(
      budget,
      mine.map(({ p }) => p.points),
    );
    mine.forEach(({ i }, k) => payments.set(i, parts[k] as Money));
  }
  if (issues.length > 0) return fail(issues.slice(0, 500));
  return ok({
    pointValues,
    cases: points.map((p, i) => ({ ...p, payment: payments.get(i) ?? Money.zero() })),
  });
}
