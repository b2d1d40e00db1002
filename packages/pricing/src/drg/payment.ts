import {
  type InsuranceType,
  type Issue,
  type Result,
  Decimal,
  Money,
  Ratio,
  type RoundingRule,
  fail,
  isDecimalLiteral,
  issue,
  ok,
} from '@openpayer/domain';
import { parseCsv } from '@openpayer/catalog';

/**
 * DRG payment standards (病组支付标准) as dated data: standard per case = base rate (费率, yuan
 * per weight point, by year and insurance type) × relative weight (by DRG and year) ×
 * coefficients (institution level, region, technique, device, quality …). The Harbin weights and
 * base rates ship as the demo parameter set (data/harbin-drg, see its SOURCE.md).
 */

export interface BaseRate {
  readonly year: number;
  readonly insuranceType: InsuranceType;
  readonly rate: Money;
}

export interface DrgParameterSet {
  readonly id: string;
  readonly region: string;
  readonly baseRates: readonly BaseRate[];
  /** year → DRG code → relative weight. */
  readonly weights: ReadonlyMap<number, ReadonlyMap<string, Decimal>>;
  readonly names: ReadonlyMap<string, string>;
}

export const DRG_PAYMENT_ISSUE_CODES = [
  'drg_payment.file',
  'drg_payment.bad_value',
  'drg_payment.no_weight',
  'drg_payment.no_base_rate',
] as const;
export type DrgPaymentIssueCode = (typeof DRG_PAYMENT_ISSUE_CODES)[number];

const INSURED: Readonly<Record<string, InsuranceType>> = { 职工: 'employee', 居民: 'resident' };

/**
 * Reads the Harbin-format files: weights (drg_code, drg_name, weight_YYYY …) and base rates
 * (year, insured_type, base_rate_yuan, status …; only `current…` rows are used).
 */
export function loadDrgParameters(
  id: string,
  region: string,
  files: { readonly weightsCsv: string; readonly baseRatesCsv: string },
): Result<DrgParameterSet, DrgPaymentIssueCode> {
  const issues: Issue<DrgPaymentIssueCode>[] = [];
  const w = parseCsv(files.weightsCsv);
  const r = parseCsv(files.baseRatesCsv);
  if (w.issues.length > 0 || r.issues.length > 0) {
    return fail([issue('drg_payment.file', 'a parameter file is not valid CSV')]);
  }
  const years = w.header
    .map((h, i) => ({ i, year: /^weight_(\d{4})$/u.exec(h)?.[1] }))
    .filter((c): c is { i: number; year: string } => c.year !== undefined);
  if (w.header[0] !== 'drg_code' || years.length === 0) {
    return fail([
      issue('drg_payment.file', 'weights need drg_code and weight_YYYY columns', {
        path: ['weights', 1],
      }),
    ]);
  }
  const weights = new Map<number, Map<string, Decimal>>();
  const names = new Map<string, string>();
  for (const { line, fields } of w.records) {
    const code = fields[0] ?? '';
    if (!/^[A-Z0-9]{3}[0-9A-Z]$/u.test(code)) {
      issues.push(
        issue('drg_payment.bad_value', `weights line ${line}: bad DRG code "${code}"`, {
          path: ['weights', line],
        }),
      );
      continue;
    }
    if (fields[1]) names.set(code, fields[1]);
    for (const { i, year } of years) {
      const text = fields[i] ?? '';
      if (text === '') continue;
      if (!isDecimalLiteral(text)) {
        issues.push(
          issue('drg_payment.bad_value', `weights line ${line}: weight "${text}"`, {
            path: ['weights', line, `weight_${year}`],
          }),
        );
        continue;
      }
      const y = Number(year);
      const map = weights.get(y) ?? new Map<string, Decimal>();
      map.set(code, new Decimal(text));
      weights.set(y, map);
    }
  }
  const baseRates: BaseRate[] = [];
  for (const { line, fields } of r.records) {
    const [year = '', insured = '', rate = '', status = ''] = fields;
    if (!status.startsWith('current')) continue;
    const insuranceType = INSURED[insured];
    if (!/^\d{4}$/u.test(year) || insuranceType === undefined || !isDecimalLiteral(rate)) {
      issues.push(
        issue('drg_payment.bad_value', `base rates line ${line}: bad row`, {
          path: ['baseRates', line],
        }),
      );
      continue;
    }
    baseRates.push({ year: Number(year), insuranceType, rate: Money.of(rate) });
  }
  if (issues.length > 0) return fail(issues);
  return ok({ id, region, baseRates, weights, names });
}

/**
 * A technique subgroup (技术亚组): the same DRG paid differently by technique — robotic-assisted vs
 * laparoscopic — either with its own weight or with a fixed standard per case.
 */
export interface TechniqueSubgroup {
  readonly drg: string;
  readonly technique: string;
  readonly weight?: Decimal;
  readonly standard?: Money;
}

/** Quality uplift (质量加成): the weight rises when the case had no complication and a short stay. */
export interface QualityUplift {
  readonly ratio: Ratio;
  readonly noComplication: boolean;
  readonly lengthOfStay: number;
  readonly averageLengthOfStay: number;
}

export interface CaseStandardInput {
  readonly drg: string;
  readonly year: number;
  readonly insuranceType: InsuranceType;
  /** The case's technique (from the procedure's technique or an add-on code) and the subgroups in force. */
  readonly technique?: string;
  readonly subgroups?: readonly TechniqueSubgroup[];
  readonly quality?: QualityUplift;
  /** Named multipliers (institution level, region, technique subgroup, domestic device, quality …). */
  readonly coefficients?: readonly { readonly name: string; readonly ratio: Ratio }[];
}

export interface CaseStandard {
  readonly drg: string;
  readonly weight: Decimal;
  readonly baseRate: Money;
  readonly standard: Money;
  readonly explanation: string;
}

/** Standard per case = base rate × weight × coefficients, rounded once by `rounding`. */
export function caseStandard(
  params: DrgParameterSet,
  input: CaseStandardInput,
  rounding: RoundingRule,
): Result<CaseStandard, DrgPaymentIssueCode> {
  const weight = params.weights.get(input.year)?.get(input.drg);
  if (weight === undefined) {
    return fail([
      issue(
        'drg_payment.no_weight',
        `${params.id} has no weight for ${input.drg} in ${input.year}`,
        {
          path: ['drg'],
          data: { drg: input.drg, year: input.year },
        },
      ),
    ]);
  }
  const base = params.baseRates.find(
    (b) => b.year === input.year && b.insuranceType === input.insuranceType,
  );
  if (base === undefined) {
    return fail([
      issue(
        'drg_payment.no_base_rate',
        `${params.id} has no ${input.insuranceType} base rate for ${input.year}`,
        {
          path: ['year'],
        },
      ),
    ]);
  }
  const subgroup =
    input.technique === undefined
      ? undefined
      : input.subgroups?.find((g) => g.drg === input.drg && g.technique === input.technique);
  if (subgroup?.standard !== undefined) {
    return ok({
      drg: input.drg,
      weight,
      baseRate: base.rate,
      standard: subgroup.standard,
      explanation: `technique subgroup ${input.drg}/${subgroup.technique}: fixed standard ${subgroup.standard.toFixedString()}`,
    });
  }
  let effective = subgroup?.weight ?? weight;
  const parts = [
    `${base.rate.toFixedString()} × ${effective.toString()}${subgroup ? ` (${subgroup.technique} subgroup weight)` : ''}`,
  ];
  const q = input.quality;
  if (q !== undefined && q.noComplication && q.lengthOfStay < q.averageLengthOfStay) {
    effective = effective.times(Ratio.ONE.add(q.ratio).decimal);
    parts.push(
      `${Ratio.ONE.add(q.ratio).toString()} (quality: no complication, stay ${q.lengthOfStay} < ${q.averageLengthOfStay} days)`,
    );
  }
  let raw = base.rate.multiply(effective);
  for (const c of input.coefficients ?? []) {
    raw = raw.multiply(c.ratio);
    parts.push(`${c.ratio.toString()} (${c.name})`);
  }
  const standard = raw.round(rounding);
  return ok({
    drg: input.drg,
    weight: effective,
    baseRate: base.rate,
    standard,
    explanation: `${parts.join(' × ')} = ${standard.toFixedString()}`,
  });
}

export const OUTLIER_KINDS = ['high_cost', 'low_cost', 'normal'] as const;
export type OutlierKind = (typeof OUTLIER_KINDS)[number];

export interface OutlierPolicy {
  /** High-cost case when cost > this multiple of the reference (e.g. 3). */
  readonly highMultiple: Ratio;
  /** Low-cost case when cost < this fraction of the reference (e.g. 0.4). */
  readonly lowFraction: Ratio;
  /** A high-cost case is paid the standard plus this share of the cost above the threshold. */
  readonly highExcessRatio: Ratio;
}

/**
 * Flags outliers against a reference (the group's average cost, or the standard where a region
 * uses it) and pays them by the policy's rule: a low-cost case is paid its cost (by items); a
 * high-cost case the standard plus `highExcessRatio` of the cost above the threshold.
 */
export function outlierPayment(
  standard: Money,
  cost: Money,
  reference: Money,
  policy: OutlierPolicy,
  rounding: RoundingRule,
): { kind: OutlierKind; payment: Money; threshold: Money | null } {
  const high = reference.multiply(policy.highMultiple).round(rounding);
  const low = reference.multiply(policy.lowFraction).round(rounding);
  if (cost.greaterThan(high)) {
    const payment = standard
      .add(cost.subtract(high).multiply(policy.highExcessRatio))
      .round(rounding);
    return { kind: 'high_cost', payment, threshold: high };
  }
  if (cost.lessThan(low)) return { kind: 'low_cost', payment: cost, threshold: low };
  return { kind: 'normal', payment: standard, threshold: null };
}
