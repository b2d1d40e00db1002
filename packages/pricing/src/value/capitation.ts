import {
  type AccountingPeriod,
  Decimal,
  type Issue,
  Money,
  Ratio,
  type Result,
  type RoundingRule,
  fail,
  issue,
  moneyCodec,
  ok,
} from '@openpayer/domain';
import { z } from 'zod';
import { decodedMoney, ruleFields, text } from '../policy/fields.ts';
import {
  INDICATOR_ISSUE_CODES,
  type Indicators,
  VALUE_RULE_ISSUE_CODES,
  evaluateConditions,
  indicatorConditionSchema,
  institutionKeySchema,
  keyIssues,
  periodIssues,
  signedPercent,
  signedRatioCodec,
} from './indicators.ts';

/**
 * Capitation with performance (按人头付费): a programme pays an institution per enrolled member per
 * year (糖尿病精准管理 1,200 per person per year), and adjusts the period's payment when measured
 * indicators meet conditions — a bonus per member (control rate > 80% → +200 per person), or a
 * share of the base up or down (in-catalog use rate > 90% → +5%; out-of-catalog use > 10% → a
 * deduction).
 *
 * Enrolment comes in member-months (members × months enrolled in the period), so a member who joined
 * in March counts for what they were enrolled. Both the base and a per-member adjustment are amounts
 * per member per YEAR, prorated by member-months ÷ 12: over a year 1,000 members × 12 months give
 * 1,000 × 1,200 + 1,000 × 200; over a quarter the same members give a quarter of each, so the
 * quarterly runs of a year add up to the annual one (a per-member bonus paid in full every quarter
 * would pay it four times).
 */

const adjustmentSchema = z
  .strictObject({
    name: text(0, 200).optional().meta({ description: 'A label, e.g. "control-rate bonus".' }),
    when: indicatorConditionSchema,
    perMember: moneyCodec.optional().meta({
      description:
        'Per member per year, prorated by member-months ÷ 12 like the base (negative: a withhold).',
    }),
    share: signedRatioCodec.optional().meta({
      description: 'Share of the base: "0.05" = +5%, "-0.05" = −5%.',
    }),
    note: text(0, 500).optional(),
  })
  .superRefine((a, ctx) => {
    if ((a.perMember === undefined) === (a.share === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one of perMember and share',
        path: a.perMember === undefined ? [] : ['share'],
      });
    }
  });
export type CapitationAdjustment = z.output<typeof adjustmentSchema>;

export const capitationRuleSchema = z
  .strictObject({
    ...ruleFields,
    programme: text(1, 100).meta({
      description: 'The programme paid by capitation, e.g. "diabetes-precision-management".',
    }),
    key: institutionKeySchema.default({}),
    perMemberPerYear: moneyCodec,
    adjustments: z.array(adjustmentSchema).max(50).default([]),
    note: text(0, 500).optional(),
  })
  .superRefine((rule, ctx) => {
    const rate = decodedMoney(rule.perMemberPerYear);
    if (rate?.isNegative() === true) {
      ctx.addIssue({
        code: 'custom',
        message: 'must not be negative',
        path: ['perMemberPerYear'],
      });
    }
  })
  .meta({
    id: 'CapitationRule',
    description:
      'Capitation with performance (按人头付费): per member per year, with bonuses and withholds on measured indicators.',
  });
export type CapitationRule = z.output<typeof capitationRuleSchema>;
export type CapitationRuleWire = z.input<typeof capitationRuleSchema>;

export const CAPITATION_ISSUE_CODES = [
  ...INDICATOR_ISSUE_CODES,
  ...VALUE_RULE_ISSUE_CODES,
  'capitation.bad_member_months',
] as const;
export type CapitationIssueCode = (typeof CAPITATION_ISSUE_CODES)[number];

export interface CapitationInput {
  /** The institution's code (matched against the rule's key). */
  readonly institution: string;
  /** The institution's region (needed when the rule is keyed by region). */
  readonly region?: string | undefined;
  readonly period: AccountingPeriod;
  /** Σ over enrolled members of the months each was enrolled in the period: an integer ≥ 0. */
  readonly memberMonths: number;
  readonly indicators: Indicators;
}

/** One part of the payment: the base, or an adjustment whose condition held. */
export interface CapitationPart {
  readonly kind: 'base' | 'adjustment';
  /** The adjustment's index in the rule (`adjustments[i]`); absent for the base. */
  readonly adjustment?: number;
  readonly name: string;
  readonly amount: Money;
  readonly explanation: string;
}

export interface CapitationPayment {
  readonly rule: string;
  readonly programme: string;
  readonly institution: string;
  readonly period: string;
  readonly memberMonths: number;
  /** memberMonths ÷ months of the period: the average number of members enrolled. */
  readonly members: Decimal;
  readonly base: Money;
  /** Σ of the adjustments that applied (negative: a net deduction). */
  readonly adjustments: Money;
  /** base + adjustments: exactly the sum of `parts`. */
  readonly total: Money;
  readonly parts: readonly CapitationPart[];
  readonly explanations: readonly string[];
}

/** Whole months between the period's first day and its (exclusive) end. */
function monthsOf(period: AccountingPeriod): number {
  const months = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  return months(period.end) - months(period.start);
}

/**
 * The period's capitation payment for an institution: base = perMemberPerYear × memberMonths ÷ 12,
 * then each adjustment whose condition holds — perMember × memberMonths ÷ 12, or share × base —
 * each part rounded by `rounding` and the total their sum (so the parts add up to it exactly).
 * Every indicator the rule names must be measured (else an issue at `['indicators', name]`).
 */
export function capitationPayment(
  rule: CapitationRule,
  input: CapitationInput,
  rounding: RoundingRule,
): Result<CapitationPayment, CapitationIssueCode> {
  const issues: Issue<CapitationIssueCode>[] = [];
  if (!Number.isSafeInteger(input.memberMonths) || input.memberMonths < 0) {
    issues.push(
      issue(
        'capitation.bad_member_months',
        `member-months must be a whole number ≥ 0, got ${String(input.memberMonths)}`,
        { path: ['memberMonths'] },
      ),
    );
  }
  issues.push(...periodIssues(rule, input.period), ...keyIssues(rule, input));
  const outcomes = evaluateConditions(
    rule.adjustments.map((a) => a.when),
    input.indicators,
  );
  if (!outcomes.ok) issues.push(...outcomes.issues);
  if (issues.length > 0 || !outcomes.ok) return fail(issues);

  const memberMonths = new Decimal(input.memberMonths);
  // Exact to 34 digits; a product that is a tie at the rounding unit is a whole number of fen × n/12
  // with n/12 terminating, so the rounding is never misjudged.
  const memberYears = Ratio.fraction(memberMonths, new Decimal(12));
  const periodMonths = monthsOf(input.period);
  const members = memberMonths.dividedBy(periodMonths);
  const who = `capitation ${rule.id} (${rule.programme}), ${input.institution} ${input.period.label}`;
  const base = rule.perMemberPerYear.multiplyRound(memberYears, rounding);
  const parts: CapitationPart[] = [
    {
      kind: 'base',
      name: 'base',
      amount: base,
      explanation: `${who}: ${rule.perMemberPerYear.toFixedString()} per member per year × ${String(input.memberMonths)} member-months ÷ 12 = ${base.toFixedString()} (${members.toFixed()} members on average over ${String(periodMonths)} months)`,
    },
  ];
  const explanations: string[] = [];
  rule.adjustments.forEach((a, i) => {
    const outcome = outcomes.value[i];
    if (outcome === undefined) return;
    const name = a.name ?? `adjustments[${String(i)}]`;
    if (!outcome.holds) {
      explanations.push(`${rule.id} ${name}: ${outcome.explanation} → no adjustment`);
      return;
    }
    const amount =
      a.perMember === undefined
        ? base.multiplyRound(a.share ?? Ratio.ZERO, rounding)
        : a.perMember.multiplyRound(memberYears, rounding);
    const how =
      a.perMember === undefined
        ? `${signedPercent(a.share ?? Ratio.ZERO)} of the base ${base.toFixedString()}`
        : `${a.perMember.toFixedString()} per member per year × ${String(input.memberMonths)} member-months ÷ 12`;
    parts.push({
      kind: 'adjustment',
      adjustment: i,
      name,
      amount,
      explanation: `${rule.id} ${name}: ${outcome.explanation} → ${how} = ${amount.toFixedString()}${a.note === undefined ? '' : ` (${a.note})`}`,
    });
  });
  const adjustments = Money.sum(parts.slice(1).map((p) => p.amount));
  const total = Money.sum(parts.map((p) => p.amount));
  return ok({
    rule: rule.id,
    programme: rule.programme,
    institution: input.institution,
    period: input.period.label,
    memberMonths: input.memberMonths,
    members,
    base,
    adjustments,
    total,
    parts,
    explanations: [
      ...parts.map((p) => p.explanation),
      ...explanations,
      `${who}: total ${total.toFixedString()} = base ${base.toFixedString()} + adjustments ${adjustments.toFixedString()}`,
    ],
  });
}
