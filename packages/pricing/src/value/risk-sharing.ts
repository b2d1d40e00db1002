import {
  addMonths,
  type CalendarDate,
  Decimal,
  type Issue,
  Money,
  Ratio,
  type Result,
  type RoundingRule,
  allocate,
  allocateMinor,
  fail,
  isCalendarDate,
  issue,
  moneyCodec,
  ok,
  unitRatioCodec,
} from '@openpayer/domain';
import { z } from 'zod';
import { decodedRatio, inForce, ruleFields, text } from '../policy/fields.ts';

/**
 * Outcome-based risk sharing (按价值付费 / 风险分担): a contract between the fund and a manufacturer
 * for a high-cost one-time therapy (CAR-T, 1,500,000): the fund pays per patient, and when the
 * outcome of the treated cohort at follow-up (e.g. 1-year survival) falls below the contract's
 * thresholds the manufacturer refunds a share of what was paid. The contract's terms are policy
 * data (`parameters.riskSharing`); the refund is re-computed as the cohort matures and invoiced by
 * its difference with what was already invoiced (claw-back across periods), and the payment may be
 * made in instalments contingent on the patient being alive.
 */

const tier = z.strictObject({
  atLeast: unitRatioCodec.meta({
    description: 'The tier applies when the measured rate is at least this, e.g. "0.7".',
  }),
  refund: unitRatioCodec.meta({
    description: 'Share of the amount paid for the evaluable patients the manufacturer refunds.',
  }),
});

const instalment = z.strictObject({
  afterMonths: z.int().min(0).max(240).meta({ description: 'Months after the treatment date.' }),
  share: unitRatioCodec,
  requiresAlive: z.boolean().meta({
    description: 'Paid only if the patient has not died before the instalment date.',
  }),
});

export const riskSharingRuleSchema = z
  .strictObject({
    ...ruleFields,
    /** Codes of the therapies under the contract. */
    items: z.array(text(1, 300)).min(1).max(500),
    manufacturer: text(1, 200),
    payment: moneyCodec.meta({ description: 'One-time payment per patient, e.g. "1500000.00".' }),
    indicator: text(1, 100).meta({ description: "The outcome measured, e.g. 'survival'." }),
    evaluationAfterMonths: z.int().min(1).max(240).meta({
      description: 'Months after treatment when a patient is evaluated, e.g. 12.',
    }),
    tiers: z.array(tier).min(1).max(20).meta({
      description:
        'By falling threshold; the first tier whose atLeast ≤ the measured rate applies; the last has atLeast 0.',
    }),
    instalments: z.array(instalment).min(1).max(60).optional(),
  })
  .superRefine((rule, ctx) => {
    // Only decoded values are compared (see `decodedMoney` in fields.ts).
    rule.tiers.forEach((t, i) => {
      const previous = rule.tiers[i - 1];
      const atLeast = decodedRatio(t.atLeast);
      const before = decodedRatio(previous?.atLeast);
      if (atLeast !== undefined && before !== undefined && atLeast.compare(before) >= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `tier thresholds must fall: ${atLeast.toString()} is not below ${before.toString()}`,
          path: ['tiers', i, 'atLeast'],
        });
      }
      const refund = decodedRatio(t.refund);
      const lower = decodedRatio(previous?.refund);
      if (refund !== undefined && lower !== undefined && refund.compare(lower) <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `refunds must rise as the thresholds fall: ${refund.toString()} is not above ${lower.toString()}`,
          path: ['tiers', i, 'refund'],
        });
      }
    });
    const last = rule.tiers.length - 1;
    const bottom = decodedRatio(rule.tiers[last]?.atLeast);
    if (bottom !== undefined && !bottom.isZero()) {
      ctx.addIssue({
        code: 'custom',
        message: 'the last tier must have atLeast 0, so that every measured rate has a tier',
        path: ['tiers', last, 'atLeast'],
      });
    }
    const instalments = rule.instalments;
    if (instalments !== undefined) {
      const shares = instalments.map((x) => decodedRatio(x.share));
      if (shares.every((s) => s !== undefined)) {
        const total = shares.reduce((sum, s) => sum.add(s), Ratio.ZERO);
        if (!total.equals(Ratio.ONE)) {
          ctx.addIssue({
            code: 'custom',
            message: `instalment shares must sum to 1, got ${total.toString()}`,
            path: ['instalments'],
          });
        }
      }
    }
  })
  .meta({ id: 'RiskSharingRule' });
export type RiskSharingRule = z.output<typeof riskSharingRuleSchema>;
export type RiskSharingRuleWire = z.input<typeof riskSharingRuleSchema>;
export type RiskSharingTier = RiskSharingRule['tiers'][number];

export interface TreatedPatient {
  readonly personId: string;
  readonly treatedOn: string;
  /** What the fund paid for this patient's treatment. */
  readonly paid: Money;
  readonly diedOn?: string | undefined;
  /** The first day of no follow-up: the outcome after it is unknown. */
  readonly lostToFollowUpOn?: string | undefined;
}

export interface Cohort {
  /** The contract (the risk-sharing rule's id). */
  readonly contractId: string;
  readonly patients: readonly TreatedPatient[];
}

export const RISK_SHARING_ISSUE_CODES = [
  'risk_sharing.invalid_date',
  'risk_sharing.wrong_contract',
  'risk_sharing.duplicate_patient',
  'risk_sharing.treated_outside_contract',
  'risk_sharing.event_before_treatment',
  'risk_sharing.negative_payment',
] as const;
export type RiskSharingIssueCode = (typeof RISK_SHARING_ISSUE_CODES)[number];

/** A patient whose evaluation date has come and whose outcome is known. */
export interface EvaluatedPatient {
  readonly personId: string;
  readonly index: number;
  readonly evaluationDate: CalendarDate;
  readonly alive: boolean;
  readonly paid: Money;
}

export interface CohortEvaluation {
  readonly contractId: string;
  readonly manufacturer: string;
  readonly indicator: string;
  readonly asOf: CalendarDate;
  readonly evaluated: readonly EvaluatedPatient[];
  /** Due for evaluation but lost to follow-up before the evaluation date: left out of the rate. */
  readonly excluded: readonly {
    readonly personId: string;
    readonly index: number;
    readonly evaluationDate: CalendarDate;
    readonly lostToFollowUpOn: string;
  }[];
  /** Not yet due: their evaluation date is after asOf. */
  readonly dueEvaluations: readonly {
    readonly personId: string;
    readonly index: number;
    readonly dueOn: CalendarDate;
  }[];
  readonly survivors: number;
  readonly evaluable: number;
  /** survivors / evaluable (null with no evaluable patient); tiers are chosen by exact comparison. */
  readonly rate: Ratio | null;
  /** The applicable tier and its index, or null with no evaluable patient. */
  readonly tier: (RiskSharingTier & { readonly index: number }) | null;
  /** Σ paid of the evaluable patients. */
  readonly paidBase: Money;
  /** refund × paidBase, rounded: what the manufacturer owes as of `asOf`. */
  readonly refundOwed: Money;
  readonly explanations: readonly string[];
}

/** Alive at a date: no death recorded before it (a death on the date itself is after it began). */
const aliveOn = (patient: TreatedPatient, date: string) =>
  patient.diedOn === undefined || patient.diedOn >= date;

function cohortIssues(rule: RiskSharingRule, cohort: Cohort): Issue<RiskSharingIssueCode>[] {
  const issues: Issue<RiskSharingIssueCode>[] = [];
  if (cohort.contractId !== rule.id) {
    issues.push(
      issue(
        'risk_sharing.wrong_contract',
        `the cohort is for contract ${cohort.contractId}, not ${rule.id}`,
        { path: ['contractId'] },
      ),
    );
  }
  const seen = new Map<string, number>();
  cohort.patients.forEach((p, i) => {
    const first = seen.get(p.personId);
    if (first !== undefined) {
      issues.push(
        issue(
          'risk_sharing.duplicate_patient',
          `${p.personId} is already in the cohort at patients[${first}]`,
          { path: ['patients', i, 'personId'] },
        ),
      );
    } else seen.set(p.personId, i);
    if (p.paid.isNegative()) {
      issues.push(
        issue('risk_sharing.negative_payment', `paid ${p.paid.toFixedString()} is negative`, {
          path: ['patients', i, 'paid'],
        }),
      );
    }
    if (!isCalendarDate(p.treatedOn)) {
      issues.push(
        issue('risk_sharing.invalid_date', `treatedOn "${p.treatedOn}" is not a calendar date`, {
          path: ['patients', i, 'treatedOn'],
        }),
      );
      return;
    }
    if (!inForce(rule, p.treatedOn)) {
      issues.push(
        issue(
          'risk_sharing.treated_outside_contract',
          `${p.personId} was treated on ${p.treatedOn}, outside contract ${rule.id} (${rule.from} to ${rule.to ?? 'open'})`,
          { path: ['patients', i, 'treatedOn'] },
        ),
      );
    }
    for (const field of ['diedOn', 'lostToFollowUpOn'] as const) {
      const date = p[field];
      if (date === undefined) continue;
      if (!isCalendarDate(date)) {
        issues.push(
          issue('risk_sharing.invalid_date', `${field} "${date}" is not a calendar date`, {
            path: ['patients', i, field],
          }),
        );
      } else if (date < p.treatedOn) {
        issues.push(
          issue(
            'risk_sharing.event_before_treatment',
            `${field} ${date} is before the treatment on ${p.treatedOn}`,
            { path: ['patients', i, field] },
          ),
        );
      }
    }
  });
  return issues;
}

/** The first tier whose threshold the rate reaches: survivors ≥ atLeast × evaluable, exactly. */
function tierFor(
  rule: RiskSharingRule,
  survivors: number,
  evaluable: number,
): (RiskSharingTier & { index: number }) | null {
  const alive = new Decimal(survivors);
  const index = rule.tiers.findIndex((t) =>
    alive.greaterThanOrEqualTo(t.atLeast.decimal.times(evaluable)),
  );
  const found = rule.tiers[index];
  return found === undefined ? null : { ...found, index };
}

/**
 * Evaluates a contract's cohort as of a date. A patient is evaluable once treatedOn +
 * evaluationAfterMonths ≤ asOf, unless lost to follow-up before that date with no death recorded
 * (excluded and listed; a recorded death settles the outcome). Alive at the evaluation date = no death before it.
 * The rate is survivors / evaluable; the first tier whose atLeast the rate reaches gives the
 * refund share; the refund owed is that share of what was paid for the evaluable patients, rounded
 * by the policy's rule. Patients not yet due are listed with their due date.
 */
export function evaluateCohort(
  rule: RiskSharingRule,
  cohort: Cohort,
  asOf: string,
  rounding: RoundingRule,
): Result<CohortEvaluation, RiskSharingIssueCode> {
  const issues = cohortIssues(rule, cohort);
  if (!isCalendarDate(asOf)) {
    issues.push(
      issue('risk_sharing.invalid_date', `asOf "${asOf}" is not a calendar date`, {
        path: ['asOf'],
      }),
    );
  }
  if (issues.length > 0) return fail(issues);

  const evaluated: EvaluatedPatient[] = [];
  const excluded: CohortEvaluation['excluded'][number][] = [];
  const dueEvaluations: CohortEvaluation['dueEvaluations'][number][] = [];
  cohort.patients.forEach((p, index) => {
    const evaluationDate = addMonths(p.treatedOn as CalendarDate, rule.evaluationAfterMonths);
    if (evaluationDate > asOf) {
      dueEvaluations.push({ personId: p.personId, index, dueOn: evaluationDate });
      return;
    }
    const lost = p.lostToFollowUpOn;
    // A recorded death (e.g. from the death registry) settles the outcome even after a loss.
    if (lost !== undefined && lost < evaluationDate && p.diedOn === undefined) {
      excluded.push({ personId: p.personId, index, evaluationDate, lostToFollowUpOn: lost });
      return;
    }
    evaluated.push({
      personId: p.personId,
      index,
      evaluationDate,
      alive: aliveOn(p, evaluationDate),
      paid: p.paid,
    });
  });

  const survivors = evaluated.filter((p) => p.alive).length;
  const evaluable = evaluated.length;
  const paidBase = Money.sum(evaluated.map((p) => p.paid));
  const chosen = evaluable === 0 ? null : tierFor(rule, survivors, evaluable);
  const rate =
    evaluable === 0 ? null : Ratio.fraction(new Decimal(survivors), new Decimal(evaluable));
  const refundOwed =
    chosen === null ? Money.zero() : paidBase.multiplyRound(chosen.refund, rounding);

  const head = `risk sharing ${rule.id} (${rule.manufacturer}, ${rule.indicator} at ${rule.evaluationAfterMonths} months) as of ${asOf}`;
  const explanations = [
    `${head}: ${cohort.patients.length} treated, ${evaluable} evaluable, ${excluded.length} lost to follow-up before evaluation, ${dueEvaluations.length} not yet due`,
  ];
  for (const x of excluded) {
    explanations.push(
      `${x.personId} (patients[${x.index}]) lost to follow-up on ${x.lostToFollowUpOn}, before the evaluation date ${x.evaluationDate}: excluded`,
    );
  }
  if (chosen === null || rate === null) {
    explanations.push(`no patient evaluable yet: refund owed ${refundOwed.toFixedString()}`);
  } else {
    explanations.push(
      `${rule.indicator} ${survivors}/${evaluable} = ${rate.toPercentString()}: tier ${chosen.index} (at least ${chosen.atLeast.toPercentString()}) refunds ${chosen.refund.toPercentString()} (parameters.riskSharing ${rule.id}.tiers[${chosen.index}])`,
      `refund owed: ${paidBase.toFixedString()} paid for the evaluable patients × ${chosen.refund.toString()} = ${refundOwed.toFixedString()}`,
    );
  }
  return ok({
    contractId: rule.id,
    manufacturer: rule.manufacturer,
    indicator: rule.indicator,
    asOf: asOf as CalendarDate,
    evaluated,
    excluded,
    dueEvaluations,
    survivors,
    evaluable,
    rate,
    tier: chosen,
    paidBase,
    refundOwed,
    explanations,
  });
}

export interface RebateDelta {
  readonly contractId: string;
  readonly owed: Money;
  readonly invoiced: Money;
  /** owed − invoiced: the next rebate invoice (negative: a credit back to the manufacturer). */
  readonly delta: Money;
  readonly explanations: readonly string[];
}

/**
 * Claw-back across periods: what to invoice the manufacturer now, given what earlier rebate
 * invoices (and credits, negative) already asked for. Re-running with later data never counts a
 * refund twice: after the delta is invoiced, the next delta on the same evaluation is zero.
 */
export function rebateDelta(
  evaluation: CohortEvaluation,
  previousInvoices: readonly Money[],
): RebateDelta {
  const invoiced = Money.sum(previousInvoices);
  const delta = evaluation.refundOwed.subtract(invoiced);
  const what = delta.isZero()
    ? 'nothing to invoice'
    : delta.isNegative()
      ? `credit ${delta.negate().toFixedString()} back to ${evaluation.manufacturer}`
      : `invoice ${evaluation.manufacturer} ${delta.toFixedString()}`;
  return {
    contractId: evaluation.contractId,
    owed: evaluation.refundOwed,
    invoiced,
    delta,
    explanations: [
      `risk sharing ${evaluation.contractId} as of ${evaluation.asOf}: owed ${evaluation.refundOwed.toFixedString()}, already invoiced ${invoiced.toFixedString()} in ${previousInvoices.length} invoice${previousInvoices.length === 1 ? '' : 's'} → ${what}`,
    ],
  };
}

export const INSTALMENT_STATUSES = ['paid_due', 'not_due', 'forfeited'] as const;
export type InstalmentStatus = (typeof INSTALMENT_STATUSES)[number];

export interface InstalmentDue {
  readonly index: number;
  readonly date: CalendarDate;
  readonly share: Ratio;
  readonly amount: Money;
  readonly requiresAlive: boolean;
  readonly status: InstalmentStatus;
  readonly explanation: string;
}

export interface InstalmentSchedule {
  readonly contractId: string;
  readonly personId: string;
  readonly instalments: readonly InstalmentDue[];
  /** Σ amounts of the instalments due (paid_due) as of asOf. */
  readonly due: Money;
  readonly forfeited: Money;
  readonly explanations: readonly string[];
}

/**
 * Splits `total` by `shares` so the parts sum exactly to it, in units of the rounding rule when the
 * total is a whole number of them (a policy rounding to the yuan gets yuan instalments), else in fen.
 */
function allocateByRule(total: Money, shares: readonly Ratio[], rounding: RoundingRule): Money[] {
  const fenScale = 2;
  if (rounding.scale >= fenScale) return allocate(total, shares);
  const unit = 10n ** BigInt(fenScale - rounding.scale);
  const minor = total.toMinor();
  if (minor % unit !== 0n) return allocate(total, shares);
  // The shares as integer weights over their common number of decimals (exact, as allocate does).
  const places = Math.max(0, ...shares.map((s) => s.decimal.decimalPlaces()));
  const factor = new Decimal(10).pow(places);
  const weights = shares.map((s) => BigInt(s.decimal.times(factor).toFixed(0)));
  return allocateMinor(minor / unit, weights).map((part) => Money.fromMinor(part * unit));
}

/**
 * A patient's instalments under the contract: each on treatedOn + afterMonths, for payment × share
 * (split with `allocate`, so the parts sum exactly to the payment). An instalment that requires the
 * patient alive is forfeited when the patient died before its date; otherwise it is due once its
 * date is on or before asOf. A patient lost to follow-up before a requires-alive instalment's date
 * stays not due: it is paid once survival to the date is confirmed. A contract without instalments
 * pays the whole payment on the treatment date.
 */
export function instalmentsDue(
  rule: RiskSharingRule,
  patient: TreatedPatient,
  asOf: string,
  rounding: RoundingRule,
): Result<InstalmentSchedule, RiskSharingIssueCode> {
  const issues: Issue<RiskSharingIssueCode>[] = cohortIssues(rule, {
    contractId: rule.id,
    patients: [patient],
  }).map((i) => ({ ...i, path: i.path.slice(2) })); // the patient's own field, not patients[0]
  if (!isCalendarDate(asOf)) {
    issues.push(
      issue('risk_sharing.invalid_date', `asOf "${asOf}" is not a calendar date`, {
        path: ['asOf'],
      }),
    );
  }
  if (issues.length > 0) return fail(issues);

  const plan = rule.instalments ?? [{ afterMonths: 0, share: Ratio.ONE, requiresAlive: false }];
  const amounts = allocateByRule(
    rule.payment,
    plan.map((x) => x.share),
    rounding,
  );
  const instalments = plan.map((x, index): InstalmentDue => {
    const date = addMonths(patient.treatedOn as CalendarDate, x.afterMonths);
    const amount = amounts[index] ?? Money.zero();
    const lost = patient.lostToFollowUpOn;
    let status: InstalmentStatus;
    let why: string;
    if (x.requiresAlive && !aliveOn(patient, date)) {
      status = 'forfeited';
      why = `died on ${String(patient.diedOn)}, before the date: forfeited`;
    } else if (date > asOf) {
      status = 'not_due';
      why = `not due until ${date}`;
    } else if (
      x.requiresAlive &&
      patient.diedOn === undefined &&
      lost !== undefined &&
      lost < date
    ) {
      status = 'not_due';
      why = `lost to follow-up on ${lost}: payable once survival to ${date} is confirmed`;
    } else {
      status = 'paid_due';
      why = x.requiresAlive ? 'alive on the date: due' : 'due';
    }
    return {
      index,
      date,
      share: x.share,
      amount,
      requiresAlive: x.requiresAlive,
      status,
      explanation: `instalment ${index + 1} of ${plan.length} on ${date}: ${rule.payment.toFixedString()} × ${x.share.toString()} = ${amount.toFixedString()}${x.requiresAlive ? ' (requires the patient alive)' : ''}, ${why}`,
    };
  });
  const sumOf = (status: InstalmentStatus) =>
    Money.sum(instalments.filter((x) => x.status === status).map((x) => x.amount));
  const due = sumOf('paid_due');
  const forfeited = sumOf('forfeited');
  return ok({
    contractId: rule.id,
    personId: patient.personId,
    instalments,
    due,
    forfeited,
    explanations: [
      `risk sharing ${rule.id}: ${patient.personId} treated on ${patient.treatedOn}, as of ${asOf}: due ${due.toFixedString()}, forfeited ${forfeited.toFixedString()} of ${rule.payment.toFixedString()}`,
      ...instalments.map((x) => x.explanation),
    ],
  });
}
