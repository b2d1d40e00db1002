import {
  type CalendarDate,
  type Issue,
  type Money,
  PERSON_CATEGORIES,
  type PersonCategory,
  Ratio,
  type RegionCode,
  type Result,
  type RoundingRule,
  ageAt,
  calendarDateSchema,
  fail,
  isCalendarDate,
  isWithinRegion,
  issue,
  moneyCodec,
  ok,
  ratioCodec,
  regionCodeSchema,
} from '@openpayer/domain';
import { z } from 'zod';
import { decodedMoney, decodedRatio, inForce, ruleFields, text } from '../policy/fields.ts';

/**
 * The payment standard of an item (医保支付标准) under the value-based models of PRODUCT.md §4.3,
 * as dated rule lists of a policy:
 *
 * - `itemStandards`: the base standard of an item (a gene test 2,000 per test);
 * - `temporaryPrices` (临时支付价格): an innovative therapy paid at a temporary price below its
 *   list price until the price expires, to be re-evaluated before then (CAR-T 1,200,000 → 800,000);
 * - `lifecycleSchedules` (生命周期支付标准): a standard that steps down year by year as a technology
 *   matures (a domestic robot 6,000 in year 1 → 4,000 in year 3);
 * - `standardCoefficients` (调节系数): regional (east/west), population (children, rare disease) and
 *   domestic-device multipliers on the standard — one catalog, not one per region.
 *
 * `itemPaymentStandard` takes the base from the first list with a rule in force for the item (a
 * temporary price beats a lifecycle schedule beats an item standard), multiplies it by every
 * coefficient in force whose conditions all hold, and rounds once, at the end, with the policy's
 * rounding. Two rules of the list that gives the base both in force for the item are refused
 * (`value.ambiguous_standard`): which one pays would otherwise depend on their order.
 */

/** Item codes a rule applies to: national item codes (or catalog ids), at least one. */
const items = z.array(text(1, 300)).min(1).max(500);

/** Money of a standard or a price: a payment standard is never negative. */
const notNegative = (value: unknown, path: (string | number)[], ctx: z.RefinementCtx) => {
  const money = decodedMoney(value);
  if (money?.isNegative() === true) {
    ctx.addIssue({ code: 'custom', message: 'must not be negative', path });
  }
};

export const itemStandardRuleSchema = z
  .strictObject({
    ...ruleFields,
    items,
    standard: moneyCodec.meta({ description: 'The payment standard per unit of the item.' }),
  })
  .superRefine((rule, ctx) => {
    notNegative(rule.standard, ['standard'], ctx);
  })
  .meta({ id: 'ItemStandardRule' });
export type ItemStandardRule = z.output<typeof itemStandardRuleSchema>;

export const temporaryPriceRuleSchema = z
  .strictObject({
    ...ruleFields,
    to: calendarDateSchema.meta({
      description: 'The expiry: first day the temporary price is no longer in force (required).',
    }),
    items,
    listPrice: moneyCodec.meta({ description: 'The list (declared) price of the therapy.' }),
    temporaryPrice: moneyCodec.meta({
      description: 'The temporary payment price, at most the list price.',
    }),
    reevaluateBy: calendarDateSchema.meta({
      description: 'The day by which the therapy is to be re-evaluated, at the latest the expiry.',
    }),
  })
  .superRefine((rule, ctx) => {
    notNegative(rule.temporaryPrice, ['temporaryPrice'], ctx);
    const list = decodedMoney(rule.listPrice);
    const temporary = decodedMoney(rule.temporaryPrice);
    if (list !== undefined && temporary !== undefined && temporary.greaterThan(list)) {
      ctx.addIssue({
        code: 'custom',
        message: `temporary price ${temporary.toFixedString()} must not exceed the list price ${list.toFixedString()}`,
        path: ['temporaryPrice'],
      });
    }
    // Dates that did not parse have their own issue.
    if (
      isCalendarDate(rule.reevaluateBy) &&
      isCalendarDate(rule.to) &&
      rule.reevaluateBy > rule.to
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `re-evaluation date ${rule.reevaluateBy} must not be after the expiry ${rule.to}`,
        path: ['reevaluateBy'],
      });
    }
  })
  .meta({ id: 'TemporaryPriceRule' });
export type TemporaryPriceRule = z.output<typeof temporaryPriceRuleSchema>;

const lifecycleStep = z.strictObject({
  year: z.int().min(1).max(100).meta({ description: 'Year of the schedule, 1 = the first.' }),
  standard: moneyCodec,
});

export const lifecycleScheduleRuleSchema = z
  .strictObject({
    ...ruleFields,
    items,
    startsOn: calendarDateSchema.meta({ description: 'First day of year 1 of the schedule.' }),
    steps: z
      .array(lifecycleStep)
      .min(1)
      .max(100)
      .superRefine((steps, ctx) => {
        steps.forEach((step, i) => {
          notNegative(step.standard, [i, 'standard'], ctx);
          if (i === 0 && step.year !== 1) {
            ctx.addIssue({
              code: 'custom',
              message: 'the first step must be year 1',
              path: [0, 'year'],
            });
          }
          const previous = steps[i - 1];
          if (previous === undefined) return;
          if (
            typeof step.year === 'number' &&
            typeof previous.year === 'number' &&
            step.year <= previous.year
          ) {
            ctx.addIssue({ code: 'custom', message: 'step years must rise', path: [i, 'year'] });
          }
          const standard = decodedMoney(step.standard);
          const before = decodedMoney(previous.standard);
          if (standard !== undefined && before !== undefined && standard.greaterThan(before)) {
            ctx.addIssue({
              code: 'custom',
              message: `a lifecycle standard must not rise (${before.toFixedString()} → ${standard.toFixedString()})`,
              path: [i, 'standard'],
            });
          }
        });
      })
      .meta({ description: 'Each step holds from its year until the next step.' }),
  })
  .meta({ id: 'LifecycleScheduleRule' });
export type LifecycleScheduleRule = z.output<typeof lifecycleScheduleRuleSchema>;

export const STANDARD_COEFFICIENT_KINDS = [
  'regional',
  'population',
  'domestic_device',
  'other',
] as const;
export type StandardCoefficientKind = (typeof STANDARD_COEFFICIENT_KINDS)[number];

export const standardCoefficientRuleSchema = z
  .strictObject({
    ...ruleFields,
    items,
    kind: z.enum(STANDARD_COEFFICIENT_KINDS),
    when: z
      .strictObject({
        regions: z.array(regionCodeSchema).min(1).max(200).optional().meta({
          description:
            'GB/T 2260 codes of the regions of care; each includes every region within it.',
        }),
        personCategory: z.enum(PERSON_CATEGORIES).optional(),
        domesticDevice: z.literal(true).optional(),
      })
      .refine(
        (w) =>
          w.regions !== undefined || w.personCategory !== undefined || w.domesticDevice === true,
        { error: 'give at least one condition (regions, personCategory or domesticDevice)' },
      )
      .meta({ description: 'The coefficient applies when every condition given holds.' }),
    ratio: ratioCodec.meta({ description: 'Multiplier on the standard, e.g. "0.75", "1.1".' }),
  })
  .superRefine((rule, ctx) => {
    if (decodedRatio(rule.ratio)?.isZero() === true) {
      ctx.addIssue({ code: 'custom', message: 'must be greater than 0', path: ['ratio'] });
    }
  })
  .meta({ id: 'StandardCoefficientRule' });
export type StandardCoefficientRule = z.output<typeof standardCoefficientRuleSchema>;

/** The rule lists an item's payment standard reads: a policy's `parameters` has them. */
export interface ItemStandardParameters {
  readonly itemStandards: readonly ItemStandardRule[];
  readonly temporaryPrices: readonly TemporaryPriceRule[];
  readonly lifecycleSchedules: readonly LifecycleScheduleRule[];
  readonly standardCoefficients: readonly StandardCoefficientRule[];
}

export const STANDARD_ISSUE_CODES = [
  'value.no_standard',
  'value.ambiguous_standard',
  'value.invalid_input',
] as const;
export type StandardIssueCode = (typeof STANDARD_ISSUE_CODES)[number];

export interface ItemStandardInput {
  /** The item's national code (or catalog id), as the rules list it. */
  readonly item: string;
  readonly date: CalendarDate;
  /** GB/T 2260 code of the region of care (regional coefficients). */
  readonly region: string;
  readonly categories: readonly PersonCategory[];
  /** The item used a domestic device (国产设备). */
  readonly domesticDevice?: boolean | undefined;
}

export const STANDARD_BASE_SOURCES = ['temporary_price', 'lifecycle', 'item_standard'] as const;
export type StandardBaseSource = (typeof STANDARD_BASE_SOURCES)[number];

export interface AppliedCoefficient {
  readonly ruleId: string;
  readonly kind: StandardCoefficientKind;
  readonly ratio: Ratio;
}

export interface ItemPaymentStandard {
  readonly item: string;
  readonly date: CalendarDate;
  /** The standard before coefficients, from the rule that gave it. */
  readonly base: Money;
  readonly baseSource: StandardBaseSource;
  readonly baseRuleId: string;
  /** Every coefficient applied, in policy order; their product multiplies the base. */
  readonly coefficients: readonly AppliedCoefficient[];
  /** base × the coefficients, rounded once by the policy's rounding. */
  readonly standard: Money;
  readonly explanations: readonly string[];
}

export interface MatchedCoefficients {
  readonly coefficients: readonly AppliedCoefficient[];
  /** The product of the ratios (1 when none applies). */
  readonly product: Ratio;
  readonly explanations: readonly string[];
}

interface CoefficientFacts {
  readonly item: string;
  readonly date: CalendarDate;
  readonly region: RegionCode;
  readonly categories: readonly PersonCategory[];
  readonly domesticDevice?: boolean | undefined;
}

const fmt = (m: Money) => m.toFixedString();

/** Whether every condition a coefficient gives holds for the facts. */
function conditionsHold(when: StandardCoefficientRule['when'], facts: CoefficientFacts): boolean {
  return (
    (when.regions === undefined ||
      when.regions.some((area) => isWithinRegion(facts.region, area))) &&
    (when.personCategory === undefined || facts.categories.includes(when.personCategory)) &&
    (when.domesticDevice === undefined || facts.domesticDevice === true)
  );
}

/**
 * The coefficients of `standardCoefficients` in force on the date for the item whose conditions
 * all hold, in policy order, and their product — also the `coefficient` a service unit takes.
 */
export function matchingCoefficients(
  rules: readonly StandardCoefficientRule[],
  facts: CoefficientFacts,
): MatchedCoefficients {
  const coefficients: AppliedCoefficient[] = [];
  const explanations: string[] = [];
  let product = Ratio.ONE;
  rules.forEach((rule, index) => {
    if (!rule.items.includes(facts.item) || !inForce(rule, facts.date)) return;
    if (!conditionsHold(rule.when, facts)) return;
    coefficients.push({ ruleId: rule.id, kind: rule.kind, ratio: rule.ratio });
    product = product.multiply(rule.ratio);
    explanations.push(
      `coefficient ${rule.id} (${rule.kind}${describeWhen(rule.when)}): × ${rule.ratio.toString()} (parameters.standardCoefficients[${index}])`,
    );
  });
  return { coefficients, product, explanations };
}

function describeWhen(when: StandardCoefficientRule['when']): string {
  const parts: string[] = [];
  if (when.regions !== undefined) parts.push(`region within ${when.regions.join('/')}`);
  if (when.personCategory !== undefined) parts.push(when.personCategory);
  if (when.domesticDevice === true) parts.push('domestic device');
  return parts.length > 0 ? `: ${parts.join(', ')}` : '';
}

/** Year n of a lifecycle schedule on a date (whole years since its start + 1); 0 before it starts. */
export function lifecycleYear(startsOn: CalendarDate, date: CalendarDate): number {
  return date < startsOn ? 0 : ageAt(startsOn, date) + 1;
}

/** The step that holds in year n: the one with the greatest year ≤ n. */
function stepOf(
  steps: LifecycleScheduleRule['steps'],
  year: number,
): LifecycleScheduleRule['steps'][number] | undefined {
  let found: LifecycleScheduleRule['steps'][number] | undefined;
  for (const step of steps) if (step.year <= year) found = step;
  return found;
}

interface Candidate {
  readonly base: Money;
  readonly ruleId: string;
  readonly explanation: string;
}

type Pick =
  { kind: 'none' } | { kind: 'one'; candidate: Candidate } | { kind: 'many'; ids: string[] };

function pickOne(candidates: readonly Candidate[]): Pick {
  const [first, second] = candidates;
  if (first === undefined) return { kind: 'none' };
  if (second === undefined) return { kind: 'one', candidate: first };
  return { kind: 'many', ids: candidates.map((c) => c.ruleId) };
}

/**
 * The payment standard of an item on a date for a region of care and a person: the base from a
 * temporary price in force, else a lifecycle schedule in force (and started), else an item
 * standard in force; times every matching coefficient in force; rounded once by `rounding`.
 */
export function itemPaymentStandard(
  parameters: ItemStandardParameters,
  input: ItemStandardInput,
  rounding: RoundingRule,
): Result<ItemPaymentStandard, StandardIssueCode> {
  const { item, date } = input;
  const region = regionCodeSchema.safeParse(input.region);
  if (!region.success) {
    return fail([
      issue('value.invalid_input', `region "${input.region}" is not a GB/T 2260 code`, {
        path: ['region'],
      }),
    ]);
  }
  const explanations: string[] = [];

  const temporary: Candidate[] = [];
  parameters.temporaryPrices.forEach((rule, index) => {
    if (!rule.items.includes(item)) return;
    const where = `parameters.temporaryPrices[${index}]`;
    if (inForce(rule, date)) {
      temporary.push({
        base: rule.temporaryPrice,
        ruleId: rule.id,
        explanation: `temporary price ${rule.id}: ${fmt(rule.temporaryPrice)} (list price ${fmt(rule.listPrice)}) until ${rule.to}, re-evaluation by ${rule.reevaluateBy} (${where})`,
      });
    } else if (rule.to <= date) {
      explanations.push(
        `temporary price ${rule.id} (${fmt(rule.temporaryPrice)}) expired on ${rule.to}: not used (${where})`,
      );
    }
  });

  const lifecycle: Candidate[] = [];
  parameters.lifecycleSchedules.forEach((rule, index) => {
    if (!rule.items.includes(item) || !inForce(rule, date)) return;
    const where = `parameters.lifecycleSchedules[${index}]`;
    const year = lifecycleYear(rule.startsOn, date);
    const step = stepOf(rule.steps, year);
    if (step === undefined) {
      explanations.push(
        `lifecycle ${rule.id} starts on ${rule.startsOn}: not yet in its year 1 on ${date} (${where})`,
      );
      return;
    }
    lifecycle.push({
      base: step.standard,
      ruleId: rule.id,
      explanation: `lifecycle ${rule.id}: year ${String(year)} since ${rule.startsOn}, step of year ${String(step.year)} → ${fmt(step.standard)} (${where})`,
    });
  });

  const standards: Candidate[] = [];
  parameters.itemStandards.forEach((rule, index) => {
    if (!rule.items.includes(item) || !inForce(rule, date)) return;
    standards.push({
      base: rule.standard,
      ruleId: rule.id,
      explanation: `item standard ${rule.id}: ${fmt(rule.standard)} (parameters.itemStandards[${index}])`,
    });
  });

  const lists: [StandardBaseSource, string, Candidate[]][] = [
    ['temporary_price', 'temporaryPrices', temporary],
    ['lifecycle', 'lifecycleSchedules', lifecycle],
    ['item_standard', 'itemStandards', standards],
  ];
  let chosen: { source: StandardBaseSource; candidate: Candidate } | undefined;
  for (const [source, list, candidates] of lists) {
    const picked = pickOne(candidates);
    if (picked.kind === 'none') continue;
    if (picked.kind === 'many') {
      return fail([
        issue(
          'value.ambiguous_standard',
          `${String(picked.ids.length)} rules of parameters.${list} are in force for ${item} on ${date} (${picked.ids.join(', ')}): give them distinct dates`,
          { path: ['item'], data: { list, rules: picked.ids } },
        ),
      ]);
    }
    chosen = { source, candidate: picked.candidate };
    break;
  }
  if (chosen === undefined) {
    const issues: Issue<StandardIssueCode>[] = [
      issue(
        'value.no_standard',
        `no payment standard is in force for ${item} on ${date}${explanations.length > 0 ? ` (${explanations.join('; ')})` : ''}`,
        {
          path: ['item'],
          ...(explanations.length > 0 ? { data: { explanations } } : {}),
        },
      ),
    ];
    return fail(issues);
  }
  explanations.push(chosen.candidate.explanation);

  const matched = matchingCoefficients(parameters.standardCoefficients, {
    item,
    date,
    region: region.data,
    categories: input.categories,
    domesticDevice: input.domesticDevice,
  });
  explanations.push(...matched.explanations);
  const base = chosen.candidate.base;
  const standard =
    matched.coefficients.length === 0
      ? base.round(rounding)
      : base.multiplyRound(matched.product, rounding);
  explanations.push(
    matched.coefficients.length === 0
      ? `payment standard of ${item}: ${fmt(standard)}`
      : `payment standard of ${item}: ${fmt(base)} × ${matched.product.toString()} = ${fmt(standard)}`,
  );
  return ok({
    item,
    date,
    base,
    baseSource: chosen.source,
    baseRuleId: chosen.candidate.ruleId,
    coefficients: matched.coefficients,
    standard,
    explanations,
  });
}

export interface DueReevaluation {
  readonly ruleId: string;
  readonly name: string;
  /** Index in `parameters.temporaryPrices`. */
  readonly index: number;
  readonly items: readonly string[];
  readonly reevaluateBy: CalendarDate;
  /** The expiry: first day the temporary price is no longer in force. */
  readonly expires: CalendarDate;
  /** Whether the price had already expired on the date asked. */
  readonly expired: boolean;
}

/**
 * The temporary prices whose re-evaluation is due on a date (reevaluateBy ≤ date), with their
 * expiry, earliest re-evaluation first (then in policy order): an administrator's to-do list.
 */
export function dueReevaluations(
  rules: readonly TemporaryPriceRule[],
  date: CalendarDate,
): DueReevaluation[] {
  const due: DueReevaluation[] = [];
  rules.forEach((rule, index) => {
    if (rule.reevaluateBy > date) return;
    due.push({
      ruleId: rule.id,
      name: rule.name,
      index,
      items: rule.items,
      reevaluateBy: rule.reevaluateBy,
      expires: rule.to,
      expired: rule.to <= date,
    });
  });
  return due.sort((a, b) =>
    a.reevaluateBy < b.reevaluateBy ? -1 : a.reevaluateBy > b.reevaluateBy ? 1 : a.index - b.index,
  );
}
