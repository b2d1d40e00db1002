import {
  type AccountingPeriod,
  type CalendarDate,
  type InstitutionTier,
  type Issue,
  type RegionCode,
  type Result,
  addDays,
  fail,
  issue,
  ok,
} from '@openpayer/domain';
import type { DipCatalog } from '../dip/catalog.ts';
import { groupDip } from '../dip/group.ts';
import {
  type DipBudget,
  type DipCase,
  type DipParameters,
  type DipPaymentIssueCode,
  dipPeriodPayment,
} from '../dip/payment.ts';
import { dischargeRecordOfClaim } from '../drg/record.ts';
import type { Policy } from '../policy/policy.ts';
import type { SettledCase } from './drg.ts';
import {
  type DipSettledCase,
  type ReconcileIssueCode,
  type Reconciliation,
  type SpecialCase,
  noCases,
  reconcileDipPeriod,
} from './reconcile.ts';

/** The versions a DIP reconciliation pays a region's period with. */
export interface DipReconcileVersions {
  /** The region's policy version in force on a date (the period's last day closes it). */
  readonly policyAt: (date: CalendarDate) => Policy | undefined;
  /** The DIP catalog (groups, scores, average costs) in force for the period. */
  readonly catalog: DipCatalog;
  /** How points are rounded (the DIP document). */
  readonly parameters: DipParameters;
}

export interface DipReconcileInput {
  /** The hospital reconciled. */
  readonly institution: string;
  readonly tier: InstitutionTier;
  /** The region whose fund pays (its policy; the catalog must apply to it). */
  readonly region: RegionCode;
  readonly period: AccountingPeriod;
  /** The region's period budget of each fund (insurance type). */
  readonly budgets: readonly DipBudget[];
  /**
   * The inpatient cases of every institution of the region discharged in the period: the budget
   * closes the point value over all of them (the hospital's own cases among them).
   */
  readonly regionCases: readonly SettledCase[];
  /** The reviewer's special-case decisions (特病单议) on the hospital's cases. */
  readonly specialCases?: readonly SpecialCase[] | undefined;
}

/**
 * DIP reconciliation (按病种分值付费清算) of a hospital's period:
 *
 * 1. every case of the region is grouped (its discharge record, `groupDip` at its discharge date
 *    and the region) and becomes a `DipCase` (id = claim id, institution and tier from the claim,
 *    cost = its settlement's total);
 * 2. `dipPeriodPayment` with the policy in force on the period's last day: points per case (score
 *    × high/low multiplier adjustment × hospital coefficient), point value = each fund's budget ÷
 *    its total points, each case paid its share of the budget to the fen;
 * 3. `reconcileDipPeriod` for the hospital's own cases: payment against cost, shared by the
 *    policy's `caseReconciliation`, special cases reviewed; the point values are kept with it.
 *
 * A case that cannot be grouped or paid is an issue naming the claim (`data.claimId`), and so is a
 * case discharged outside the period; a budget the payment refuses is `reconcile.dip_payment`
 * naming the budget. Nothing is produced then: the region's period is paid whole or not at all.
 */
export function reconcileDipClaims(
  versions: DipReconcileVersions,
  input: DipReconcileInput,
): Result<Reconciliation, ReconcileIssueCode> {
  const own = input.regionCases.filter((c) => c.claim.institution.code === input.institution);
  if (own.length === 0) return fail([noCases(input)]);
  const issues: Issue<ReconcileIssueCode>[] = [];
  const cases: DipCase[] = [];
  /** DipCase index → regionCases index (for issues of the payment). */
  const origin: number[] = [];
  const kinds = new Map<string, string>();
  const lastDay = addDays(input.period.end, -1);
  input.regionCases.forEach((c, i) => {
    const claim = c.claim;
    const notPaid = (why: string, field: string) =>
      issues.push(
        issue('reconcile.case_not_paid', `claim ${claim.id}: ${why}`, {
          path: ['regionCases', i, ...field.split('.')],
          data: { claimId: claim.id },
        }),
      );
    if (claim.type !== 'inpatient') {
      notPaid(`a ${claim.type} claim is not case-paid`, 'type');
      return;
    }
    const date = claim.dischargeDate as CalendarDate | undefined;
    const built = dischargeRecordOfClaim(claim);
    if (date === undefined || !built.ok) {
      notPaid(
        `no discharge record (${built.ok ? 'dischargeDate' : built.field})`,
        built.ok ? 'dischargeDate' : built.field,
      );
      return;
    }
    if (date < input.period.start || date >= input.period.end) {
      issues.push(
        issue(
          'reconcile.case_outside_period',
          `claim ${claim.id} was discharged on ${date}, outside ${input.period.label} (${input.period.start} to ${lastDay})`,
          { path: ['regionCases', i, 'dischargeDate'], data: { claimId: claim.id } },
        ),
      );
      return;
    }
    const grouped = groupDip(versions.catalog, built.record, { date, region: input.region });
    if (grouped.status !== 'grouped' || grouped.group === null) {
      notPaid(
        `${versions.catalog.id} groups it ${grouped.status}${grouped.reason === null ? '' : ` (${grouped.reason})`}${grouped.trace.length > 0 && grouped.status !== 'grouped' ? `: ${grouped.trace[grouped.trace.length - 1] ?? ''}` : ''}`,
        grouped.field ?? 'diagnoses',
      );
      return;
    }
    kinds.set(claim.id, `${grouped.kind ?? ''} ${grouped.category ?? ''}`.trim());
    cases.push({
      id: claim.id,
      group: grouped.group,
      insuranceType: claim.person.insuranceType,
      institution: claim.institution.code,
      tier: claim.institution.tier,
      cost: c.cost,
    });
    origin.push(i);
  });
  if (issues.length > 0) return fail(issues);
  const closing = versions.policyAt(lastDay);
  if (closing === undefined) {
    return fail([
      issue(
        'reconcile.no_policy',
        `no policy of ${input.region} is in force at the end of ${input.period.label}`,
        { path: ['period'] },
      ),
    ]);
  }
  const paid = dipPeriodPayment(versions.catalog, closing, versions.parameters, {
    date: lastDay,
    budgets: input.budgets,
    cases,
  });
  if (!paid.ok) return fail(paid.issues.map((x) => paymentIssue(x, cases, origin)));
  const values = new Map(paid.value.pointValues.map((v) => [v.insuranceType, v]));
  const explained = paid.value.cases.map((p) => {
    const v = values.get(p.insuranceType);
    const kind = kinds.get(p.id);
    return {
      ...p,
      explanation: `${versions.catalog.id}: ${p.group}${kind === undefined || kind === '' ? '' : ` (${kind})`}; ${p.explanation}; ${p.points.toFixed()} points × point value ${v === undefined ? '?' : v.pointValue.toSignificantDigits(10).toFixed()} (${p.insuranceType} budget ${v?.budget.toFixedString() ?? '?'} ÷ ${v?.totalPoints.toFixed() ?? '?'} points of ${String(v?.cases ?? 0)} cases in ${input.region}) = ${p.payment.toFixedString()} (its share of the budget, to the fen)`,
    };
  });
  const settled: DipSettledCase[] = own.map((c) => ({
    id: c.claim.id,
    settlementId: c.settlementId,
    dischargeDate: c.claim.dischargeDate as CalendarDate,
    cost: c.cost,
  }));
  const r = reconcileDipPeriod(closing, {
    institution: input.institution,
    tier: input.tier,
    region: input.region,
    period: input.period,
    paid: { cases: explained },
    cases: settled,
    specialCases: input.specialCases,
  });
  if (!r.ok) return r;
  return ok({
    ...r.value,
    pointValues: paid.value.pointValues.map((v) => ({
      insuranceType: v.insuranceType,
      budget: v.budget,
      totalPoints: v.totalPoints,
      pointValue: v.pointValue,
      cases: v.cases,
    })),
  });
}

/**
 * A DIP payment issue as a reconciliation issue: one of a case names its claim (its path moved to
 * `regionCases`), any other (a budget, the catalog's date or region) is `reconcile.dip_payment`.
 */
function paymentIssue(
  x: Issue<DipPaymentIssueCode>,
  cases: readonly DipCase[],
  origin: readonly number[],
): Issue<ReconcileIssueCode> {
  const [head, index, ...rest] = x.path;
  if (head === 'cases' && typeof index === 'number') {
    const claimId = cases[index]?.id ?? '';
    return issue('reconcile.case_not_paid', `claim ${claimId}: ${x.message}`, {
      path: ['regionCases', origin[index] ?? index, ...rest],
      data: { claimId, cause: x.code },
    });
  }
  return issue('reconcile.dip_payment', x.message, {
    path: head === 'date' ? ['period'] : x.path,
    data: { cause: x.code },
  });
}
