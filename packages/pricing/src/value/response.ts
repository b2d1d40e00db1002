import {
  type CalendarDate,
  type Issue,
  type Money,
  Ratio,
  type Result,
  type RoundingRule,
  addMonths,
  calendarDateSchema,
  fail,
  isCalendarDate,
  issue,
  ok,
  unitRatioCodec,
} from '@openpayer/domain';
import { z } from 'zod';
import { decodedRatio, inForce, ruleFields, text } from '../policy/fields.ts';

/**
 * Pay for response (按疗效付费): a targeted therapy is paid in full for its first months; from the
 * evaluation point on, each month's claim is paid by the patient's latest tumour response (RECIST:
 * complete / partial response, stable / progressive disease) — e.g. PR → in full, SD → 80%,
 * PD → payment stops for good. The shares are policy data (`parameters.payForResponse`).
 */

/** RECIST response categories: complete response, partial response, stable disease, progressive disease. */
export const RESPONSE_KINDS = ['CR', 'PR', 'SD', 'PD'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];
const isResponseKind = (value: unknown): value is ResponseKind =>
  (RESPONSE_KINDS as readonly unknown[]).includes(value);

export const payForResponseRuleSchema = z
  .strictObject({
    ...ruleFields,
    /** National drug codes of the therapies paid this way. */
    items: z.array(text(1, 300)).min(1).max(500),
    evaluationAfterMonths: z.int().min(1).max(120).meta({
      description: 'Months after the course starts until the first response evaluation, e.g. 3.',
    }),
    reevaluateEveryMonths: z.int().min(1).max(120).optional().meta({
      description:
        'How long a response stays valid: a claim needs an outcome dated less than this many months before it.',
    }),
    responses: z
      .array(z.strictObject({ response: z.enum(RESPONSE_KINDS), share: unitRatioCodec }))
      .meta({
        description: 'The share of the claim paid after each response, every kind exactly once.',
      }),
  })
  .superRefine((rule, ctx) => {
    const seen = new Map<string, number>();
    rule.responses.forEach((r, i) => {
      const first = seen.get(r.response);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `response ${r.response} is already given at responses[${first}]`,
          path: ['responses', i, 'response'],
        });
      } else seen.set(r.response, i);
      // Progression stops the course for good: a share paid after it would contradict the stop.
      const share = decodedRatio(r.share);
      if (r.response === 'PD' && share !== undefined && !share.isZero()) {
        ctx.addIssue({
          code: 'custom',
          message: 'progressive disease (PD) stops payment: its share must be 0',
          path: ['responses', i, 'share'],
        });
      }
    });
    const missing = RESPONSE_KINDS.filter((kind) => !seen.has(kind));
    if (missing.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `every response needs its share: missing ${missing.join(', ')}`,
        path: ['responses'],
      });
    }
  })
  .meta({ id: 'PayForResponseRule' });
export type PayForResponseRule = z.output<typeof payForResponseRuleSchema>;
export type PayForResponseRuleWire = z.input<typeof payForResponseRuleSchema>;

/** A course of therapy and its response evaluations, as the wire carries it. */
export const treatmentCourseSchema = z
  .strictObject({
    courseId: text(1, 100),
    personId: text(1, 100),
    item: text(1, 300).meta({ description: 'The national drug code of the therapy.' }),
    startDate: calendarDateSchema,
    outcomes: z
      .array(z.strictObject({ date: calendarDateSchema, response: z.enum(RESPONSE_KINDS) }))
      .max(1000),
  })
  .meta({ id: 'TreatmentCourse' });

export interface ResponseOutcome {
  readonly date: string;
  readonly response: ResponseKind;
}

export interface TreatmentCourse {
  readonly courseId: string;
  readonly personId: string;
  readonly item: string;
  readonly startDate: string;
  readonly outcomes: readonly ResponseOutcome[];
}

/** One month's claim of the course: its service date and the amount claimed. */
export interface ResponseClaim {
  readonly date: string;
  readonly claimed: Money;
}

export const RESPONSE_PAYMENT_STATUSES = [
  'before_evaluation',
  'continued',
  'reduced',
  'stopped',
  'evaluation_due',
] as const;
export type ResponsePaymentStatus = (typeof RESPONSE_PAYMENT_STATUSES)[number];

export interface ResponsePayment {
  readonly ruleId: string;
  readonly status: ResponsePaymentStatus;
  /** The share of the claim paid (1 before the evaluation point, 0 when stopped or due). */
  readonly share: Ratio;
  readonly paid: Money;
  /** claimed − paid: not paid (stopped, reduced, or held until the evaluation is recorded). */
  readonly withheld: Money;
  /** The first day a response is needed (startDate + evaluationAfterMonths). */
  readonly evaluationDate: CalendarDate;
  /** The outcome the payment went by, or null. */
  readonly outcome: (ResponseOutcome & { readonly index: number }) | null;
  readonly explanations: readonly string[];
}

export const RESPONSE_ISSUE_CODES = [
  'response.invalid_date',
  'response.unknown_outcome',
  'response.outcome_before_course',
  'response.item_not_covered',
  'response.rule_not_in_force',
  'response.claim_before_course',
  'response.negative_claim',
] as const;
export type ResponseIssueCode = (typeof RESPONSE_ISSUE_CODES)[number];

/**
 * Checks a course against the rule: real dates, outcomes of a known kind dated on or after the
 * course's start, and a therapy the rule covers. Each issue names the course field.
 */
export function validateCourse(
  rule: PayForResponseRule,
  course: TreatmentCourse,
): Issue<ResponseIssueCode>[] {
  const issues: Issue<ResponseIssueCode>[] = [];
  if (!rule.items.includes(course.item)) {
    issues.push(
      issue(
        'response.item_not_covered',
        `${course.item} is not among the items of pay-for-response rule ${rule.id}`,
        { path: ['item'] },
      ),
    );
  }
  const startValid = isCalendarDate(course.startDate);
  if (!startValid) {
    issues.push(
      issue('response.invalid_date', `startDate "${course.startDate}" is not a calendar date`, {
        path: ['startDate'],
      }),
    );
  }
  course.outcomes.forEach((o, i) => {
    if (!isResponseKind(o.response)) {
      issues.push(
        issue(
          'response.unknown_outcome',
          `outcome ${String(o.response)} is not one of ${RESPONSE_KINDS.join(', ')}`,
          { path: ['outcomes', i, 'response'] },
        ),
      );
    }
    if (!isCalendarDate(o.date)) {
      issues.push(
        issue('response.invalid_date', `outcome date "${o.date}" is not a calendar date`, {
          path: ['outcomes', i, 'date'],
        }),
      );
    } else if (startValid && o.date < course.startDate) {
      issues.push(
        issue(
          'response.outcome_before_course',
          `outcome ${o.response} of ${o.date} is dated before the course started on ${course.startDate}`,
          { path: ['outcomes', i, 'date'] },
        ),
      );
    }
  });
  return issues;
}

/**
 * What the fund pays of one month's claim of a course under a pay-for-response rule:
 * - before startDate + evaluationAfterMonths: in full ('before_evaluation');
 * - from then on, a PD dated on or after the start and on or before the service date stops the
 *   course for good ('stopped'): a later response does not restart it;
 * - otherwise the latest outcome dated on or before the service date and on or after the evaluation
 *   point (and, with reevaluateEveryMonths, dated less than that many months before the service
 *   date) gives the share: 1 → 'continued', less → 'reduced';
 * - no such outcome: 'evaluation_due', nothing paid until one is recorded (all withheld).
 * paid = claimed × share rounded by the policy's rule; withheld = claimed − paid, so the two sum
 * exactly to the claim.
 */
export function responsePayment(
  rule: PayForResponseRule,
  course: TreatmentCourse,
  claim: ResponseClaim,
  rounding: RoundingRule,
): Result<ResponsePayment, ResponseIssueCode> {
  const issues = validateCourse(rule, course);
  if (!isCalendarDate(claim.date)) {
    issues.push(
      issue('response.invalid_date', `service date "${claim.date}" is not a calendar date`, {
        path: ['claim', 'date'],
      }),
    );
  } else {
    if (!inForce(rule, claim.date)) {
      issues.push(
        issue(
          'response.rule_not_in_force',
          `pay-for-response rule ${rule.id} is not in force on ${claim.date} (${rule.from} to ${rule.to ?? 'open'})`,
          { path: ['claim', 'date'] },
        ),
      );
    }
    if (isCalendarDate(course.startDate) && claim.date < course.startDate) {
      issues.push(
        issue(
          'response.claim_before_course',
          `service date ${claim.date} is before the course started on ${course.startDate}`,
          { path: ['claim', 'date'] },
        ),
      );
    }
  }
  if (claim.claimed.isNegative()) {
    issues.push(
      issue('response.negative_claim', `claimed ${claim.claimed.toFixedString()} is negative`, {
        path: ['claim', 'claimed'],
      }),
    );
  }
  if (issues.length > 0) return fail(issues);

  const date = claim.date as CalendarDate;
  const evaluationDate = addMonths(course.startDate as CalendarDate, rule.evaluationAfterMonths);
  const head = `pay-for-response ${rule.id}, course ${course.courseId} (${course.item}, started ${course.startDate})`;
  const settle = (
    status: ResponsePaymentStatus,
    share: Ratio,
    outcome: ResponsePayment['outcome'],
    why: string,
  ): Result<ResponsePayment, ResponseIssueCode> => {
    const paid = claim.claimed.multiplyRound(share, rounding);
    const withheld = claim.claimed.subtract(paid);
    return ok({
      ruleId: rule.id,
      status,
      share,
      paid,
      withheld,
      evaluationDate,
      outcome,
      explanations: [
        `${head}: service ${date}: ${why} → claimed ${claim.claimed.toFixedString()} × ${share.toString()} = paid ${paid.toFixedString()}, withheld ${withheld.toFixedString()}`,
      ],
    });
  };

  if (date < evaluationDate) {
    return settle(
      'before_evaluation',
      Ratio.ONE,
      null,
      `before the evaluation point ${evaluationDate} (${rule.evaluationAfterMonths} months after the start), paid in full`,
    );
  }
  const dated = course.outcomes
    .map((o, index) => ({ ...o, index }))
    .filter((o) => o.date <= date)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.index - b.index));
  const progression = dated.find((o) => o.response === 'PD');
  if (progression !== undefined) {
    return settle(
      'stopped',
      Ratio.ZERO,
      progression,
      `progressive disease (PD) recorded on ${progression.date} (outcomes[${progression.index}]) stops the course for good`,
    );
  }
  const latest = dated.filter((o) => o.date >= evaluationDate).at(-1);
  const every = rule.reevaluateEveryMonths;
  const validUntil =
    latest === undefined || every === undefined
      ? undefined
      : addMonths(latest.date as CalendarDate, every);
  if (latest === undefined || (validUntil !== undefined && date >= validUntil)) {
    const why =
      latest === undefined
        ? `no response recorded on or after the evaluation point ${evaluationDate}`
        : `the latest response ${latest.response} of ${latest.date} is older than ${String(every)} months (valid until ${String(validUntil)})`;
    return settle('evaluation_due', Ratio.ZERO, null, `${why}: evaluation due, payment held`);
  }
  const share = rule.responses.find((r) => r.response === latest.response)?.share ?? Ratio.ZERO;
  return settle(
    share.equals(Ratio.ONE) ? 'continued' : 'reduced',
    share,
    latest,
    `latest response ${latest.response} of ${latest.date} (outcomes[${latest.index}]) pays ${share.toPercentString()}`,
  );
}
