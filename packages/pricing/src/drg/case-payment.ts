import {
  type CalendarDate,
  type ClaimType,
  type Decimal,
  type InstitutionTier,
  type InsuranceType,
  type Money,
  type PersonCategory,
  type Result,
  type Technique,
  Ratio,
  fail,
  ok,
} from '@openpayer/domain';
import { type Facts, type Policy, resolveParameter } from '../policy/policy.ts';
import {
  type DrgParameterSet,
  type DrgPaymentIssueCode,
  type OutlierKind,
  caseStandard,
  outlierPayment,
} from './payment.ts';

/**
 * What the fund pays a hospital for one DRG case, with every policy value dated in the policy
 * document: the standard (base rate × weight, or a technique subgroup's own weight / fixed
 * standard; quality uplift; domestic-device uplift; the tier / region coefficient), then the
 * outlier rule against the group's reference cost.
 */
export interface DrgCase {
  readonly drg: string;
  readonly date: CalendarDate;
  readonly insuranceType: InsuranceType;
  readonly tier: InstitutionTier;
  readonly region: string;
  /**
   * The person's categories (child, rare_disease …): a `drgCoefficient` entry keyed by
   * `personCategory` applies to them. None: only the entries without a person category.
   */
  readonly categories?: readonly PersonCategory[];
  /** The institution's code (the facts of an institution-keyed entry). */
  readonly institution?: string;
  readonly technique?: Technique;
  readonly domesticDevice?: boolean;
  readonly noComplication?: boolean;
  readonly lengthOfStay?: number;
  /** The group's average stay, when the quality uplift applies. */
  readonly averageLengthOfStay?: number;
  /** The case's actual cost. */
  readonly cost: Money;
  /** The group's average cost (the outlier reference); the standard when absent. */
  readonly averageCost?: Money;
}

export interface DrgCasePayment {
  readonly drg: string;
  readonly standard: Money;
  /** caseStandard's weight: the subgroup's own weight, else the table weight (also under a subgroup's fixed standard), × the quality uplift when it applied. */
  readonly weight: Decimal;
  readonly outlier: OutlierKind;
  readonly payment: Money;
  readonly explanations: readonly string[];
}

export function drgCasePayment(
  policy: Policy,
  params: DrgParameterSet,
  c: DrgCase,
): Result<DrgCasePayment, DrgPaymentIssueCode> {
  const facts: Facts = {
    date: c.date,
    region: c.region,
    insuranceType: c.insuranceType,
    tier: c.tier,
    claimType: 'inpatient' satisfies ClaimType,
    categories: c.categories ?? [],
    ...(c.institution === undefined ? {} : { institution: c.institution }),
  };
  const tableYear = resolveParameter(policy, 'drgWeightYear', facts);
  const year = tableYear?.value ?? Number(c.date.slice(0, 4));
  const subgroups = policy.parameters.drgTechniqueSubgroups
    .filter((g) => g.from <= c.date && (g.to === null || c.date < g.to))
    .map((g) => ({
      drg: g.drg,
      technique: g.technique,
      ...(g.weight === undefined ? {} : { weight: g.weight }),
      ...(g.standard === undefined ? {} : { standard: g.standard }),
    }));
  const quality = resolveParameter(policy, 'drgQualityUplift', facts);
  const coefficient = resolveParameter(policy, 'drgCoefficient', facts);
  const domestic = resolveParameter(policy, 'drgDomesticDeviceUplift', facts);
  const coefficients = [
    ...(c.domesticDevice === true && domestic !== undefined
      ? [{ name: 'domestic device', ratio: Ratio.ONE.add(domestic.value) }]
      : []),
    ...(coefficient === undefined
      ? []
      : [
          {
            name: `coefficient parameters.drgCoefficient[${coefficient.index}]${coefficient.key.personCategory === undefined ? '' : ` for ${coefficient.key.personCategory}`}`,
            ratio: coefficient.value,
          },
        ]),
  ];
  const standard = caseStandard(
    params,
    {
      drg: c.drg,
      year,
      insuranceType: c.insuranceType,
      ...(c.technique === undefined ? {} : { technique: c.technique, subgroups }),
      ...(quality !== undefined &&
      c.noComplication !== undefined &&
      c.lengthOfStay !== undefined &&
      c.averageLengthOfStay !== undefined
        ? {
            quality: {
              ratio: quality.value,
              noComplication: c.noComplication,
              lengthOfStay: c.lengthOfStay,
              averageLengthOfStay: c.averageLengthOfStay,
            },
          }
        : {}),
      coefficients,
    },
    policy.rounding,
  );
  if (!standard.ok) return fail(standard.issues);
  const explanations = [
    ...(tableYear === undefined
      ? []
      : [
          `weights and base rate of ${String(year)} (parameters.drgWeightYear[${tableYear.index}])`,
        ]),
    standard.value.explanation,
  ];
  const outliers = resolveParameter(policy, 'drgOutliers', facts);
  if (outliers === undefined) {
    return ok({
      drg: c.drg,
      standard: standard.value.standard,
      weight: standard.value.weight,
      outlier: 'normal',
      payment: standard.value.standard,
      explanations,
    });
  }
  const reference = c.averageCost ?? standard.value.standard;
  const paid = outlierPayment(
    standard.value.standard,
    c.cost,
    reference,
    outliers.value,
    policy.rounding,
  );
  if (paid.kind !== 'normal') {
    explanations.push(
      `${paid.kind === 'high_cost' ? 'high-cost' : 'low-cost'} case: cost ${c.cost.toFixedString()} against threshold ${paid.threshold?.toFixedString() ?? ''} (parameters.drgOutliers[${outliers.index}])`,
    );
  }
  return ok({
    drg: c.drg,
    standard: standard.value.standard,
    weight: standard.value.weight,
    outlier: paid.kind,
    payment: paid.payment,
    explanations,
  });
}
