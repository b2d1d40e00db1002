import {
  accountingPeriodOf,
  calendarDateSchema,
  decimalCodec,
  institutionCodeSchema,
  moneyCodec,
  unitRatioCodec,
} from '@openpayer/domain';
import { z } from 'zod';
import { text } from '../policy/fields.ts';
import { indicatorIdSchema as indicatorId } from './indicators.ts';
import { RESPONSE_KINDS } from './response.ts';

/**
 * What the value-based payment models read besides the policy: an institution's measurements of a
 * period (indicators, value scores, enrolled members, cases, payments) and patients' outcome
 * events (a treatment under a risk-sharing contract, a course of therapy started, a response
 * evaluated, a death, a loss to follow-up). One schema each, for the API, the CLI and storage.
 */

const ruleId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/u)
  .meta({ description: 'The id of a rule of the policy (a capitation programme, a P4P rule …).' });
const eventId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/u);
const personId = text(1, 64).meta({ description: "The insured person's id." });

/** One rule id at most once in a list (two enrolment counts of one programme would both be paid). */
function uniqueRules(list: readonly { rule: string }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    if (seen.has(entry.rule)) {
      ctx.addIssue({
        code: 'custom',
        message: `rule "${entry.rule}" is listed twice`,
        path: [i, 'rule'],
      });
    }
    seen.add(entry.rule);
  });
}

/**
 * An institution's measurements of an accounting period, as the fund's analysts record them:
 * indicator rates (0–1, e.g. `control_rate`, `complication_rate`, `survival_rate`,
 * `in_catalog_use_rate`), value-score dimensions (0–100), enrolled member-months per capitation
 * programme, cases per stepped-P4P rule (and what was paid per case), and the payment a value-score
 * rule adjusts.
 */
export const valueObservationsSchema = z
  .strictObject({
    institution: institutionCodeSchema,
    period: z
      .string()
      .refine((label) => accountingPeriodOf(label) !== undefined, {
        error: 'must be a year (2025), a quarter (2025-Q1) or a month (2025-03)',
      })
      .meta({ description: 'The accounting period, e.g. 2025-Q1.' }),
    indicators: z.record(indicatorId, unitRatioCodec).default({}),
    scores: z
      .record(
        indicatorId,
        decimalCodec.refine((d) => d.greaterThanOrEqualTo(0) && d.lessThanOrEqualTo(100), {
          error: 'must be a score from 0 to 100',
        }),
      )
      .default({}),
    enrolments: z
      .array(
        z.strictObject({
          rule: ruleId,
          memberMonths: z
            .int()
            .min(0)
            .max(1_000_000_000)
            .meta({ description: 'Enrolled members × months enrolled in the period.' }),
        }),
      )
      .max(200)
      .default([])
      .superRefine(uniqueRules),
    cases: z
      .array(
        z.strictObject({
          rule: ruleId,
          cases: z.int().min(0).max(100_000_000),
          paidPerCase: moneyCodec.optional().meta({
            description: "What was paid per case during the period (default: the rule's base).",
          }),
        }),
      )
      .max(200)
      .default([])
      .superRefine(uniqueRules),
    payments: z
      .array(z.strictObject({ rule: ruleId, payment: moneyCodec }))
      .max(200)
      .default([])
      .superRefine(uniqueRules),
  })
  .meta({ id: 'ValueObservations' });
export type ValueObservations = z.output<typeof valueObservationsSchema>;
export type ValueObservationsWire = z.input<typeof valueObservationsSchema>;

const eventBase = {
  id: eventId.meta({ description: 'The caller’s id of the event; recorded once.' }),
  personId,
  date: calendarDateSchema,
};

/** A patient outcome event; the kind decides its fields. */
export const outcomeEventSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      ...eventBase,
      kind: z.literal('treated'),
      contract: ruleId.meta({
        description: 'The riskSharing rule (contract) the therapy is under.',
      }),
      institution: institutionCodeSchema,
      paid: moneyCodec.meta({ description: 'What the fund paid for the therapy.' }),
    }),
    z.strictObject({
      ...eventBase,
      kind: z.literal('course_started'),
      course: eventId.meta({ description: 'The course of therapy (its id).' }),
      item: text(1, 64).meta({ description: 'The drug’s national code.' }),
      institution: institutionCodeSchema,
    }),
    z.strictObject({
      ...eventBase,
      kind: z.literal('response'),
      course: eventId,
      response: z.enum(RESPONSE_KINDS),
    }),
    z.strictObject({ ...eventBase, kind: z.literal('died') }),
    z.strictObject({ ...eventBase, kind: z.literal('lost_to_follow_up') }),
  ])
  .meta({ id: 'OutcomeEvent' });
export type OutcomeEvent = z.output<typeof outcomeEventSchema>;
export type OutcomeEventWire = z.input<typeof outcomeEventSchema>;
export const OUTCOME_KINDS = [
  'treated',
  'course_started',
  'response',
  'died',
  'lost_to_follow_up',
] as const;
