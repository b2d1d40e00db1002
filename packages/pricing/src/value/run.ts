import {
  type AccountingPeriod,
  type CalendarDate,
  type Issue,
  Money,
  type Result,
  accountingPeriodOf,
  addDays,
  fail,
  issue,
  ok,
} from '@openpayer/domain';
import type { Policy } from '../policy/policy.ts';
import { capitationPayment } from './capitation.ts';
import type { OutcomeEvent, ValueObservations } from './inputs.ts';
import type { ValueEntry, ValuePeriodRun } from './period.ts';
import { type TreatmentCourse, responsePayment, type ResponsePayment } from './response.ts';
import { type Cohort, type TreatedPatient, evaluateCohort, rebateDelta } from './risk-sharing.ts';
import { steppedPeriodPayment } from './stepped.ts';
import { valueScoreAdjustment } from './value-score.ts';

/**
 * Value-based payment period runs: the models of value/ put together over what the ledger keeps —
 * an institution's observations of a period (capitation per enrolled member, stepped P4P per case,
 * the value-score adjustment of a payment) and the outcome events of a risk-sharing contract's
 * cohort (the manufacturer's rebate, less what was invoiced before). Pure: the caller reads the
 * observations, events and earlier runs and records the result once.
 */

export const VALUE_RUN_ISSUE_CODES = [
  'value.unknown_rule',
  'value.bad_period',
  'value.course_unknown',
  'value.ambiguous_rule',
  'value.model_failed',
] as const;
export type ValueRunIssueCode = (typeof VALUE_RUN_ISSUE_CODES)[number];

type Path = readonly (string | number)[];

/** A model's issues, their paths placed under the observation field that fed it. */
function under(prefix: Path, issues: readonly Issue[]): Issue[] {
  return issues.map((i) => {
    const path = i.path;
    // Indicators and scores are named from the observation's root; other paths are the entry's.
    const rooted = path[0] === 'indicators' || path[0] === 'scores';
    return { ...i, path: rooted ? path : [...prefix, ...path] };
  });
}

function periodOf(label: string): Result<AccountingPeriod, ValueRunIssueCode> {
  const period = accountingPeriodOf(label);
  if (period === undefined) {
    return fail([
      issue('value.bad_period', `"${label}" is not an accounting period`, { path: ['period'] }),
    ]);
  }
  return ok(period);
}

const findRule = <R extends { readonly id: string }>(rules: readonly R[], id: string) =>
  rules.find((r) => r.id === id);

/**
 * An institution's period: each enrolment paid by its capitation programme, each stepped-P4P rule's
 * cases topped up (or withheld) by the period's indicators, each value-score rule's payment
 * adjusted by the period's scores. Every rule named must exist in the policy and compute; otherwise
 * the issues name the observation's field and nothing is produced.
 */
export function runInstitutionPeriod(
  policy: Policy,
  observations: ValueObservations,
): Result<ValuePeriodRun> {
  const period = periodOf(observations.period);
  if (!period.ok) return period;
  const p = period.value;
  const asOf = addDays(p.end, -1);
  const { institution, indicators } = observations;
  const issues: Issue[] = [];
  const entries: ValueEntry[] = [];
  const unknown = (kind: string, path: Path, id: string): void => {
    issues.push(
      issue('value.unknown_rule', `policy ${policy.id} has no ${kind} rule "${id}"`, {
        path: [...path],
      }),
    );
  };

  observations.enrolments.forEach((e, i) => {
    const rule = findRule(policy.parameters.capitation, e.rule);
    if (rule === undefined) {
      unknown('capitation', ['enrolments', i, 'rule'], e.rule);
      return;
    }
    const paid = capitationPayment(
      rule,
      { institution, region: policy.region, period: p, memberMonths: e.memberMonths, indicators },
      policy.rounding,
    );
    if (!paid.ok) {
      issues.push(...under(['enrolments', i], paid.issues));
      return;
    }
    entries.push({
      model: 'capitation',
      rule: rule.id,
      counterparty: institution,
      amount: paid.value.total,
      parts: paid.value.parts.map((part) => ({ what: part.name, amount: part.amount })),
      explanations: [...paid.value.explanations],
    });
  });

  observations.cases.forEach((c, i) => {
    const rule = findRule(policy.parameters.steppedP4P, c.rule);
    if (rule === undefined) {
      unknown('steppedP4P', ['cases', i, 'rule'], c.rule);
      return;
    }
    const paid = steppedPeriodPayment(
      rule,
      { period: p, cases: c.cases, paidPerCase: c.paidPerCase, indicators },
      policy.rounding,
    );
    if (!paid.ok) {
      issues.push(...under(['cases', i], paid.issues));
      return;
    }
    const v = paid.value;
    entries.push({
      model: 'stepped_p4p',
      rule: rule.id,
      counterparty: institution,
      amount: v.topUp,
      parts: [
        {
          what: `${String(v.cases)} cases × (standard ${v.standard.toFixedString()} − paid ${v.paidPerCase.toFixedString()})`,
          amount: v.topUp,
        },
      ],
      explanations: [...v.explanations],
    });
  });

  observations.payments.forEach((pay, i) => {
    const rule = findRule(policy.parameters.valueScore, pay.rule);
    if (rule === undefined) {
      unknown('valueScore', ['payments', i, 'rule'], pay.rule);
      return;
    }
    const adjusted = valueScoreAdjustment(
      rule,
      { scores: observations.scores, payment: pay.payment, institution, region: policy.region },
      policy.rounding,
    );
    if (!adjusted.ok) {
      issues.push(...under(['payments', i], adjusted.issues));
      return;
    }
    const v = adjusted.value;
    entries.push({
      model: 'value_score',
      rule: rule.id,
      counterparty: institution,
      amount: v.adjustmentAmount,
      parts: [
        {
          what: `score ${v.score.toString()}: ${v.adjustment.toString()} of ${v.payment.toFixedString()}`,
          amount: v.adjustmentAmount,
        },
      ],
      explanations: [...v.explanations],
    });
  });

  if (issues.length > 0) return fail(issues);
  return ok({
    scope: 'institution',
    subject: institution,
    period: p.label,
    asOf,
    policy: policy.id,
    entries,
    total: Money.sum(entries.map((e) => e.amount)),
    due: [],
  });
}

/**
 * The cohort of a risk-sharing contract as its outcome events describe it: every patient treated
 * under the contract, with the first death or loss to follow-up recorded for them.
 */
export function cohortOf(contractId: string, events: readonly OutcomeEvent[]): Cohort {
  const firstDate = (personId: string, kind: OutcomeEvent['kind']) =>
    events
      .filter((e) => e.kind === kind && e.personId === personId)
      .map((e) => e.date as string)
      .sort()[0];
  const patients: TreatedPatient[] = [];
  for (const e of events) {
    if (e.kind !== 'treated' || e.contract !== contractId) continue;
    const diedOn = firstDate(e.personId, 'died');
    const lost = firstDate(e.personId, 'lost_to_follow_up');
    patients.push({
      personId: e.personId,
      treatedOn: e.date,
      paid: e.paid,
      ...(diedOn === undefined ? {} : { diedOn }),
      ...(lost === undefined ? {} : { lostToFollowUpOn: lost }),
    });
  }
  return { contractId, patients };
}

/**
 * A risk-sharing contract's period: its cohort evaluated at the period's last day, the refund
 * owed by the manufacturer, and what is invoiced now — owed less the invoices of earlier periods
 * (`earlierInvoices`, positive = invoiced to the manufacturer), so a claw-back or a credit follows
 * later data and nothing is counted twice. The entry's amount is negative: money owed to the fund.
 */
export function runContractPeriod(
  policy: Policy,
  contractId: string,
  periodLabel: string,
  events: readonly OutcomeEvent[],
  earlierInvoices: readonly Money[],
): Result<ValuePeriodRun> {
  const period = periodOf(periodLabel);
  if (!period.ok) return period;
  const asOf: CalendarDate = addDays(period.value.end, -1);
  const rule = findRule(policy.parameters.riskSharing, contractId);
  if (rule === undefined) {
    return fail([
      issue('value.unknown_rule', `policy ${policy.id} has no riskSharing rule "${contractId}"`, {
        path: ['contract'],
      }),
    ]);
  }
  const evaluated = evaluateCohort(
    rule,
    cohortOf(
      contractId,
      events.filter((e) => e.date <= asOf),
    ),
    asOf,
    policy.rounding,
  );
  if (!evaluated.ok) return fail(under(['cohort'], evaluated.issues));
  const delta = rebateDelta(evaluated.value, earlierInvoices);
  const invoice = delta.delta.negate();
  const entries: ValueEntry[] = [
    {
      model: 'risk_sharing',
      rule: rule.id,
      counterparty: rule.manufacturer,
      amount: invoice,
      parts: [
        { what: 'refund owed by the manufacturer', amount: delta.owed.negate() },
        { what: 'invoiced in earlier periods', amount: delta.invoiced },
      ],
      explanations: [...evaluated.value.explanations, ...delta.explanations],
    },
  ];
  return ok({
    scope: 'contract',
    subject: contractId,
    period: period.value.label,
    asOf,
    policy: policy.id,
    entries,
    total: invoice,
    due: evaluated.value.dueEvaluations.map((d) => ({ personId: d.personId, due: d.dueOn })),
  });
}

/**
 * A course of therapy as its outcome events describe it (`course_started` and its `response`
 * events), or an issue naming the course when it was never started.
 */
export function courseOf(
  courseId: string,
  events: readonly OutcomeEvent[],
): Result<TreatmentCourse, ValueRunIssueCode> {
  const started = events.find((e) => e.kind === 'course_started' && e.course === courseId);
  if (started?.kind !== 'course_started') {
    return fail([
      issue('value.course_unknown', `no course_started event for course ${courseId}`, {
        path: ['course'],
      }),
    ]);
  }
  const outcomes = events.flatMap((e) =>
    e.kind === 'response' && e.course === courseId ? [{ date: e.date, response: e.response }] : [],
  );
  return ok({
    courseId,
    personId: started.personId,
    item: started.item,
    startDate: started.date,
    outcomes,
  });
}

/**
 * One month's claim of a course paid by response (按疗效付费): the payForResponse rule of the
 * course's drug in force on the service date decides the share paid.
 */
export function coursePayment(
  policy: Policy,
  course: TreatmentCourse,
  claim: { readonly date: CalendarDate; readonly claimed: Money },
  ruleId?: string,
): Result<ResponsePayment> {
  const candidates = policy.parameters.payForResponse.filter(
    (r) =>
      (ruleId === undefined || r.id === ruleId) &&
      r.items.includes(course.item) &&
      r.from <= claim.date &&
      (r.to === null || claim.date < r.to),
  );
  const [rule, other] = candidates;
  if (rule === undefined) {
    return fail([
      issue(
        'value.unknown_rule',
        `policy ${policy.id} pays ${course.item} by no payForResponse rule${ruleId === undefined ? '' : ` "${ruleId}"`} on ${claim.date}`,
        { path: [ruleId === undefined ? 'course' : 'rule'] },
      ),
    ]);
  }
  if (other !== undefined) {
    return fail([
      issue(
        'value.ambiguous_rule',
        `${course.item} is paid by more than one payForResponse rule on ${claim.date} (${candidates.map((r) => r.id).join(', ')}): name the rule`,
        { path: ['rule'], data: { rules: candidates.map((r) => r.id) } },
      ),
    ]);
  }
  return responsePayment(rule, course, claim, policy.rounding);
}
