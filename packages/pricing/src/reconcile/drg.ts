import {
  type AccountingPeriod,
  type CalendarDate,
  type Claim,
  type InstitutionTier,
  type Issue,
  type Money,
  type Result,
  addDays,
  fail,
  issue,
} from '@openpayer/domain';
import { drgCasePayment } from '../drg/case-payment.ts';
import { groupRecord } from '../drg/group.ts';
import type { GrouperTables } from '../drg/tables.ts';
import type { DrgParameterSet } from '../drg/payment.ts';
import { dischargeRecordOfClaim } from '../drg/record.ts';
import { type ProcedureTechniques, techniqueOfCase } from '../drg/technique.ts';
import type { Policy } from '../policy/policy.ts';
import {
  type CaseToReconcile,
  type ReconcileIssueCode,
  type Reconciliation,
  type SpecialCase,
  noCases,
  reconcileCases,
} from './reconcile.ts';

/** A stored inpatient settlement to reconcile: its claim, and the total it settled (the cost). */
export interface SettledCase {
  readonly claim: Claim;
  readonly settlementId?: string | undefined;
  readonly cost: Money;
}

/** The versions a DRG reconciliation pays each case with, by the case's discharge date. */
export interface DrgReconcileVersions {
  /** The region's policy version in force on a date. */
  readonly policyAt: (date: CalendarDate) => Policy | undefined;
  /** The region's grouper version on a date (its tables), or undefined when none is assigned. */
  readonly grouperAt: (date: CalendarDate) => GrouperTables | undefined;
  /** Weights and base rates. */
  readonly parameters: DrgParameterSet;
  /**
   * Procedure code → technique (robotic-assisted add-on codes, approach by procedure name), e.g.
   * `loadShippedProcedureTechniques()` of `@openpayer/pricing/node`. Without it a case's technique
   * is only what the hospital declared on its principal procedure.
   */
  readonly procedureTechniques?: ProcedureTechniques | undefined;
}

export interface DrgReconcileInput {
  readonly institution: string;
  readonly tier: InstitutionTier;
  /** The region whose fund pays (its policy and grouper versions). */
  readonly region: string;
  readonly period: AccountingPeriod;
  readonly cases: readonly SettledCase[];
  /** The reviewer's special-case decisions (特病单议), by claim id (see `reconcileCases`). */
  readonly specialCases?: readonly SpecialCase[] | undefined;
}

/**
 * DRG reconciliation of a hospital's period: each stored inpatient settlement's claim grouped by
 * the grouper version of its discharge date and paid by the policy of that date (standard,
 * coefficients, outlier rule against its cost), then shared by `reconcileCases`. The technique a
 * case is paid by (its subgroup) is recognised from its procedure codes (`techniqueOfCase`: a
 * robotic-assisted add-on code, else the declared technique, else the principal procedure's name);
 * the person's categories select the `drgCoefficient` entries keyed by person category. A case that cannot
 * be paid — not groupable, no weight, no policy — is an issue naming the claim; none is skipped,
 * so the period is reconciled whole or not at all.
 */
export function reconcileDrgClaims(
  versions: DrgReconcileVersions,
  input: DrgReconcileInput,
): Result<Reconciliation, ReconcileIssueCode> {
  if (input.cases.length === 0) return fail([noCases(input)]);
  const issues: Issue<ReconcileIssueCode>[] = [];
  const cases: CaseToReconcile[] = [];
  input.cases.forEach((c, i) => {
    const claim = c.claim;
    const notPaid = (why: string, field: string) =>
      issues.push(
        issue('reconcile.case_not_paid', `claim ${claim.id}: ${why}`, {
          path: ['cases', i, ...field.split('.')],
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
    const tables = versions.grouperAt(date);
    if (tables === undefined) {
      notPaid(`no grouper version is assigned to ${input.region} on ${date}`, 'dischargeDate');
      return;
    }
    const grouped = groupRecord(tables, built.record);
    if (grouped.status !== 'grouped' || grouped.drg === null) {
      notPaid(
        `${tables.version} groups it ${grouped.status}${grouped.reason === null ? '' : ` (${grouped.reason})`}${grouped.drg === null ? '' : ` to ${grouped.drg}`}`,
        grouped.field === null ? 'diagnoses' : grouped.field,
      );
      return;
    }
    const policy = versions.policyAt(date);
    if (policy === undefined) {
      issues.push(
        issue(
          'reconcile.no_policy',
          `claim ${claim.id}: no policy of ${input.region} is in force on ${date}`,
          {
            path: ['cases', i, 'dischargeDate'],
            data: { claimId: claim.id },
          },
        ),
      );
      return;
    }
    const technique = techniqueOfCase(claim.procedures, versions.procedureTechniques);
    const paid = drgCasePayment(policy, versions.parameters, {
      drg: grouped.drg,
      date,
      insuranceType: claim.person.insuranceType,
      tier: input.tier,
      region: input.region,
      categories: claim.person.categories,
      institution: input.institution,
      ...(technique === undefined ? {} : { technique: technique.technique }),
      cost: c.cost,
    });
    if (!paid.ok) {
      notPaid(paid.issues.map((x) => x.message).join('; '), 'diagnoses');
      return;
    }
    cases.push({
      claimId: claim.id,
      settlementId: c.settlementId,
      insuranceType: claim.person.insuranceType,
      dischargeDate: date,
      group: grouped.drg,
      outlier:
        paid.value.outlier === 'high_cost'
          ? 'high'
          : paid.value.outlier === 'low_cost'
            ? 'low'
            : 'normal',
      payment: paid.value.payment,
      cost: c.cost,
      weight: paid.value.weight,
      explanations: [
        `${tables.version}: ${grouped.drg}${grouped.drgName === null ? '' : ` ${grouped.drgName}`}`,
        ...(technique === undefined ? [] : [technique.explanation]),
        ...paid.value.explanations,
      ],
    });
  });
  if (issues.length > 0) return fail(issues);
  const closing = versions.policyAt(addDays(input.period.end, -1));
  if (closing === undefined) {
    return fail([
      issue(
        'reconcile.no_policy',
        `no policy of ${input.region} is in force at the end of ${input.period.label}`,
        {
          path: ['period'],
        },
      ),
    ]);
  }
  return reconcileCases(closing, {
    institution: input.institution,
    tier: input.tier,
    region: input.region,
    period: input.period,
    method: 'drg',
    cases,
    specialCases: input.specialCases,
  });
}
