import {
  type AccountingPeriod,
  Decimal,
  type Issue,
  Money,
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
  periodIssues,
} from './indicators.ts';

/**
 * Stepped pay for performance (阶梯式按绩效付费): a per-case base standard for some services (a
 * robotic procedure's DRG), stepped up or down by an institution's measured indicators over a
 * period — complication rate < 5% → 12,000, > 10% → 8,000, else the base 10,000 — plus bonuses
 * that add to whichever standard applies (survival > 90% → +2,000).
 *
 * Steps are tried in order and the first that holds wins, so a rule lists them best first (or in
 * whatever precedence it means); bonuses are independent of each other and of the steps.
 */

const stepSchema = z.strictObject({
  when: indicatorConditionSchema,
  standard: moneyCodec,
  note: text(0, 500).optional(),
});
const bonusSchema = z.strictObject({
  when: indicatorConditionSchema,
  amount: moneyCodec,
  note: text(0, 500).optional(),
});

export const steppedP4PRuleSchema = z
  .strictObject({
    ...ruleFields,
    services: z.array(text(1, 64)).min(1).max(500).meta({
      description:
        'The DRG codes, or procedure-code prefixes, whose cases the rule pays (e.g. "LA13" or "60.5").',
    }),
    base: moneyCodec.meta({ description: 'The per-case standard when no step holds.' }),
    steps: z.array(stepSchema).max(20).default([]),
    bonuses: z.array(bonusSchema).max(20).default([]),
    note: text(0, 500).optional(),
  })
  .superRefine((rule, ctx) => {
    // Only decoded amounts are compared (see `decodedMoney`).
    const negative = (value: unknown, path: (string | number)[]) => {
      if (decodedMoney(value)?.isNegative() === true) {
        ctx.addIssue({ code: 'custom', message: 'must not be negative', path });
      }
    };
    negative(rule.base, ['base']);
    rule.steps.forEach((s, i) => {
      negative(s.standard, ['steps', i, 'standard']);
    });
    rule.bonuses.forEach((b, i) => {
      negative(b.amount, ['bonuses', i, 'amount']);
    });
  })
  .meta({
    id: 'SteppedP4PRule',
    description:
      'Stepped P4P: a per-case base standard stepped by indicators (first step that holds wins), plus bonuses.',
  });
export type SteppedP4PRule = z.output<typeof steppedP4PRuleSchema>;
export type SteppedP4PRuleWire = z.input<typeof steppedP4PRuleSchema>;

export const STEPPED_ISSUE_CODES = [
  ...INDICATOR_ISSUE_CODES,
  ...VALUE_RULE_ISSUE_CODES,
  'stepped.bad_cases',
] as const;
export type SteppedIssueCode = (typeof STEPPED_ISSUE_CODES)[number];

/** Whether a rule pays a case of this DRG or procedure code (equal to, or starting with, a listed code). */
export function steppedRulePays(rule: SteppedP4PRule, code: string): boolean {
  return rule.services.some((service) => code.startsWith(service));
}

export interface SteppedStandard {
  readonly rule: string;
  /** The index of the step that held (`steps[i]`), or null when none did and the base applies. */
  readonly step: number | null;
  /** The step's standard, or the base. */
  readonly stepped: Money;
  /** The bonuses whose condition held, by index. */
  readonly bonuses: readonly { readonly bonus: number; readonly amount: Money }[];
  /** stepped + Σ bonuses, rounded by the policy's rounding. */
  readonly standard: Money;
  readonly explanations: readonly string[];
}

/**
 * The per-case standard for the period's indicators. Every indicator the rule names is needed —
 * also those of the steps after the one that holds — so the answer never depends on which ones
 * happened to be missing.
 */
export function steppedStandard(
  rule: SteppedP4PRule,
  indicators: Indicators,
  rounding: RoundingRule,
): Result<SteppedStandard, SteppedIssueCode> {
  const outcomes = evaluateConditions(
    [...rule.steps.map((s) => s.when), ...rule.bonuses.map((b) => b.when)],
    indicators,
  );
  if (!outcomes.ok) return fail(outcomes.issues);
  const stepOutcomes = outcomes.value.slice(0, rule.steps.length);
  const bonusOutcomes = outcomes.value.slice(rule.steps.length);
  const explanations: string[] = [];
  const held = stepOutcomes.findIndex((o) => o.holds);
  const step = held === -1 ? null : held;
  const stepRule = step === null ? undefined : rule.steps[step];
  const stepped = stepRule?.standard ?? rule.base;
  if (stepRule === undefined) {
    const tried = stepOutcomes.map((o) => o.explanation).join('; ');
    explanations.push(
      `stepped P4P ${rule.id}: no step holds${tried === '' ? '' : ` (${tried})`} → base ${rule.base.toFixedString()}`,
    );
  } else {
    explanations.push(
      `stepped P4P ${rule.id} steps[${String(held)}]: ${stepOutcomes[held]?.explanation ?? ''} → ${stepped.toFixedString()} per case instead of the base ${rule.base.toFixedString()}`,
    );
  }
  const bonuses: { bonus: number; amount: Money }[] = [];
  rule.bonuses.forEach((b, i) => {
    const o = bonusOutcomes[i];
    if (o === undefined) return;
    if (o.holds) bonuses.push({ bonus: i, amount: b.amount });
    explanations.push(
      `stepped P4P ${rule.id} bonuses[${String(i)}]: ${o.explanation}${o.holds ? ` → +${b.amount.toFixedString()} per case` : ''}`,
    );
  });
  const standard = Money.sum([stepped, ...bonuses.map((b) => b.amount)]).round(rounding);
  explanations.push(`stepped P4P ${rule.id}: standard ${standard.toFixedString()} per case`);
  return ok({ rule: rule.id, step, stepped, bonuses, standard, explanations });
}

export interface SteppedPeriodInput {
  readonly period: AccountingPeriod;
  /** The rule's cases of the institution in the period: an integer ≥ 0. */
  readonly cases: number;
  /** What was already paid per case during the period; by default the rule's base. */
  readonly paidPerCase?: Money | undefined;
  readonly indicators: Indicators;
}

export interface SteppedPeriodPayment {
  readonly rule: string;
  readonly period: string;
  readonly cases: number;
  readonly standard: Money;
  readonly paidPerCase: Money;
  /** standard − paidPerCase (negative: a withhold per case). */
  readonly adjustmentPerCase: Money;
  /** adjustmentPerCase × cases: what the fund pays (negative: recovers) at the period's close. */
  readonly topUp: Money;
  readonly steps: SteppedStandard;
  readonly explanations: readonly string[];
}

/**
 * The period's settlement of a stepped rule: cases were paid `paidPerCase` (the base, unless said
 * otherwise) as they came; at the close the indicators fix the standard, and the difference per
 * case times the cases is paid on top — or recovered (a withhold) when the standard fell.
 */
export function steppedPeriodPayment(
  rule: SteppedP4PRule,
  input: SteppedPeriodInput,
  rounding: RoundingRule,
): Result<SteppedPeriodPayment, SteppedIssueCode> {
  const issues: Issue<SteppedIssueCode>[] = [];
  if (!Number.isSafeInteger(input.cases) || input.cases < 0) {
    issues.push(
      issue('stepped.bad_cases', `cases must be a whole number ≥ 0, got ${String(input.cases)}`, {
        path: ['cases'],
      }),
    );
  }
  issues.push(...periodIssues(rule, input.period));
  const steps = steppedStandard(rule, input.indicators, rounding);
  if (!steps.ok) issues.push(...steps.issues);
  if (issues.length > 0 || !steps.ok) return fail(issues);
  const { standard } = steps.value;
  const paidPerCase = input.paidPerCase ?? rule.base;
  const adjustmentPerCase = standard.subtract(paidPerCase);
  const topUp = adjustmentPerCase.multiplyRound(new Decimal(input.cases), rounding);
  const verb = topUp.isNegative() ? 'recovered' : 'paid';
  return ok({
    rule: rule.id,
    period: input.period.label,
    cases: input.cases,
    standard,
    paidPerCase,
    adjustmentPerCase,
    topUp,
    steps: steps.value,
    explanations: [
      ...steps.value.explanations,
      `stepped P4P ${rule.id} ${input.period.label}: (standard ${standard.toFixedString()} − paid ${paidPerCase.toDecimalString()}) × ${String(input.cases)} cases = ${topUp.toFixedString()} ${verb} at the close`,
    ],
  });
}
