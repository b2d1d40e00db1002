import {
  type AccountingPeriod,
  EngineError,
  type Issue,
  type Result,
  Ratio,
  fail,
  isWithinRegion,
  issue,
  ok,
  ratioCodec,
  regionCodeSchema,
} from '@openpayer/domain';
import { z } from 'zod';
import { decodedRatio, text } from '../policy/fields.ts';

/**
 * The shared vocabulary of the period models of an institution (capitation with performance,
 * stepped P4P, …): a condition on one measured indicator (控制率 > 80%, 并发症发生率 < 5%) and a
 * signed share (+5%, −5%). Indicators arrive measured, as exact ratios by name
 * (`{ control_rate: 0.82 }`); computing them from claims is not done here.
 */

/** An indicator's name as a rule writes it: `control_rate`, `in_catalog_use_rate`. */
export const indicatorIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/u, {
    error: 'must be an indicator id: lower case letters, digits and _, e.g. "control_rate"',
  });

/** The measured indicators of an institution for a period, by name. */
export type Indicators = Readonly<Record<string, Ratio>>;

export const COMPARISONS = ['above', 'atLeast', 'below', 'atMost'] as const;
export type Comparison = (typeof COMPARISONS)[number];

const SYMBOL: Record<Comparison, string> = { above: '>', atLeast: '≥', below: '<', atMost: '≤' };

/**
 * `{ indicator, above | atLeast | below | atMost }`: exactly one comparison, so a reader never has
 * to guess whether two of them are meant as "and" or "or" (a range is two conditions).
 */
export const indicatorConditionSchema = z
  .strictObject({
    indicator: indicatorIdSchema,
    above: ratioCodec.optional().meta({ description: 'Holds when the indicator is > this.' }),
    atLeast: ratioCodec.optional().meta({ description: 'Holds when the indicator is ≥ this.' }),
    below: ratioCodec.optional().meta({ description: 'Holds when the indicator is < this.' }),
    atMost: ratioCodec.optional().meta({ description: 'Holds when the indicator is ≤ this.' }),
  })
  .superRefine((c, ctx) => {
    const given = COMPARISONS.filter((k) => c[k] !== undefined);
    if (given.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one comparison: above, atLeast, below or atMost',
        path: [],
      });
    }
    for (const extra of given.slice(1)) {
      ctx.addIssue({
        code: 'custom',
        message: `give exactly one comparison, got ${given.join(' and ')} (write a range as two conditions)`,
        path: [extra],
      });
    }
  })
  .meta({
    id: 'IndicatorCondition',
    description:
      'A comparison of one measured indicator with a threshold, e.g. control_rate > 0.8.',
  });
export type IndicatorCondition = z.output<typeof indicatorConditionSchema>;
export type IndicatorConditionWire = z.input<typeof indicatorConditionSchema>;

/**
 * A signed share of an amount: `"0.05"` = +5%, `"-0.05"` = −5%. Never below −1 (a deduction of
 * more than the whole amount).
 */
const SIGNED_RATIO_PATTERN = /^-?\d{1,6}(?:\.\d{1,12})?$/u;
export const signedRatioCodec = z
  .codec(
    z
      .string()
      .regex(SIGNED_RATIO_PATTERN, {
        error: 'must be a signed decimal as a string, e.g. "0.05" (+5%) or "-0.05" (−5%)',
      })
      .refine((text) => !SIGNED_RATIO_PATTERN.test(text) || !Ratio.of(text).decimal.lessThan(-1), {
        error: 'must not be below -1 (a deduction of more than the whole amount)',
      }),
    z.custom<Ratio>((value) => value instanceof Ratio, { error: 'must be a Ratio value' }),
    { decode: (text) => Ratio.of(text), encode: (ratio) => ratio.toString() },
  )
  .meta({ description: 'Signed share as a decimal string: "0.05" = +5%, "-0.05" = −5%.' });

/** `+5%` / `−5%`, for explanations. */
export function signedPercent(share: Ratio): string {
  return share.isNegative()
    ? `−${Ratio.ZERO.subtract(share).toPercentString()}`
    : `+${share.toPercentString()}`;
}

export const INDICATOR_ISSUE_CODES = ['value.indicator_missing'] as const;
export type IndicatorIssueCode = (typeof INDICATOR_ISSUE_CODES)[number];

/** The comparison and threshold of a (decoded) condition. */
function comparisonOf(condition: IndicatorCondition): { comparison: Comparison; threshold: Ratio } {
  for (const comparison of COMPARISONS) {
    const threshold = decodedRatio(condition[comparison]);
    if (threshold !== undefined) return { comparison, threshold };
  }
  // The schema refuses a condition without a comparison: reaching here is a bug.
  throw new EngineError(
    'invariant_violated',
    `condition on ${condition.indicator} has no comparison`,
  );
}

/** `control_rate > 80%`, for explanations. */
export function describeCondition(condition: IndicatorCondition): string {
  const { comparison, threshold } = comparisonOf(condition);
  return `${condition.indicator} ${SYMBOL[comparison]} ${threshold.toPercentString()}`;
}

export interface ConditionOutcome {
  readonly holds: boolean;
  /** The measured value the condition was compared with. */
  readonly value: Ratio;
  /** `control_rate 82% > 80%: holds`, for explanations. */
  readonly explanation: string;
}

/**
 * Whether a condition holds for the measured indicators. An indicator that was not measured is an
 * issue at `['indicators', name]`, never a silent "does not hold": a missing control rate must not
 * quietly cost an institution its bonus (or spare it a deduction).
 */
export function conditionHolds(
  condition: IndicatorCondition,
  indicators: Indicators,
): Result<ConditionOutcome, IndicatorIssueCode> {
  const value = Object.hasOwn(indicators, condition.indicator)
    ? indicators[condition.indicator]
    : undefined;
  if (value === undefined) {
    return fail([missingIndicator(condition.indicator)]);
  }
  const { comparison, threshold } = comparisonOf(condition);
  const order = value.compare(threshold);
  const holds =
    comparison === 'above'
      ? order > 0
      : comparison === 'atLeast'
        ? order >= 0
        : comparison === 'below'
          ? order < 0
          : order <= 0;
  return ok({
    holds,
    value,
    explanation: `${condition.indicator} ${value.toPercentString()} ${SYMBOL[comparison]} ${threshold.toPercentString()}: ${holds ? 'holds' : 'does not hold'}`,
  });
}

export function missingIndicator(name: string): Issue<IndicatorIssueCode> {
  return issue('value.indicator_missing', `indicator ${name} was not measured for the period`, {
    path: ['indicators', name],
  });
}

/**
 * Every condition of a rule evaluated, in order; the issues of all the missing indicators at
 * once (each indicator named once). A rule's outcome never depends on which indicators happen to
 * be missing: when one it names is, nothing is computed.
 */
export function evaluateConditions(
  conditions: readonly IndicatorCondition[],
  indicators: Indicators,
): Result<ConditionOutcome[], IndicatorIssueCode> {
  const outcomes: ConditionOutcome[] = [];
  const issues: Issue<IndicatorIssueCode>[] = [];
  const reported = new Set<string>();
  for (const condition of conditions) {
    const outcome = conditionHolds(condition, indicators);
    if (outcome.ok) outcomes.push(outcome.value);
    else if (!reported.has(condition.indicator)) {
      reported.add(condition.indicator);
      issues.push(...outcome.issues);
    }
  }
  return issues.length > 0 ? fail(issues) : ok(outcomes);
}

/**
 * Whom a period rule applies to: one institution (its code) and / or the institutions of a region
 * (GB/T 2260; a city includes its districts). Empty: every institution.
 */
export const institutionKeySchema = z
  .strictObject({
    institution: text(1, 64).optional(),
    region: regionCodeSchema.optional().meta({
      description: "The institution's region; each code includes the regions within it.",
    }),
  })
  .meta({ id: 'InstitutionKey' });
export type InstitutionKey = z.output<typeof institutionKeySchema>;

export const VALUE_RULE_ISSUE_CODES = ['value.not_in_force', 'value.not_applicable'] as const;
export type ValueRuleIssueCode = (typeof VALUE_RULE_ISSUE_CODES)[number];

/**
 * A rule applied to a period must be in force on every day of it: a rule that changes within the
 * period (a new programme rate from April) is applied to the parts separately (quarters, months),
 * never blended silently.
 */
export function periodIssues(
  rule: { readonly id: string; readonly from: string; readonly to: string | null },
  period: AccountingPeriod,
): Issue<ValueRuleIssueCode>[] {
  if (rule.from <= period.start && (rule.to === null || period.end <= rule.to)) return [];
  return [
    issue(
      'value.not_in_force',
      `rule ${rule.id} (in force ${rule.from} to ${rule.to ?? 'open'}) does not cover all of ${period.label} (${period.start} to ${period.end}, end exclusive)`,
      { path: ['period'], data: { rule: rule.id, from: rule.from, to: rule.to } },
    ),
  ];
}

/** A rule keyed to another institution or region than the one it is applied to. */
export function keyIssues(
  rule: { readonly id: string; readonly key: InstitutionKey },
  who: { readonly institution?: string | undefined; readonly region?: string | undefined },
): Issue<ValueRuleIssueCode>[] {
  const issues: Issue<ValueRuleIssueCode>[] = [];
  const { institution, region } = rule.key;
  if (institution !== undefined && institution !== who.institution) {
    issues.push(
      issue(
        'value.not_applicable',
        `rule ${rule.id} is for institution ${institution}, not ${who.institution ?? '(none given)'}`,
        { path: ['institution'], data: { rule: rule.id } },
      ),
    );
  }
  const own = regionCodeSchema.safeParse(who.region);
  if (region !== undefined && (!own.success || !isWithinRegion(own.data, region))) {
    issues.push(
      issue(
        'value.not_applicable',
        `rule ${rule.id} is for institutions in region ${region}, not ${who.region ?? '(none given)'}`,
        { path: ['region'], data: { rule: rule.id } },
      ),
    );
  }
  return issues;
}
