import {
  Decimal,
  type Issue,
  type Money,
  Ratio,
  type Result,
  type RoundingRule,
  fail,
  isDecimalLiteral,
  issue,
  ok,
  unitRatioCodec,
} from '@openpayer/domain';
import { z } from 'zod';
import { decodedRatio, ruleFields, text } from '../policy/fields.ts';
import {
  VALUE_RULE_ISSUE_CODES,
  indicatorIdSchema,
  institutionKeySchema,
  keyIssues,
  signedPercent,
  signedRatioCodec,
} from './indicators.ts';

/**
 * Value score (价值评分): a weighted composite of dimension scores (outcome, cost, patient
 * experience; each 0–100) decides a payment adjustment by band — a score of at least 80 raises the
 * payment 10%, below 60 lowers it 10%, in between leaves it. The score is exact (Σ weight × score,
 * no rounding), so a composite of exactly 80 is in the band that starts at 80.
 */

const scoreText = z
  .string()
  .refine(isDecimalLiteral, { error: 'must be a decimal number as a string, e.g. "80"' })
  .refine((t) => !isDecimalLiteral(t) || (new Decimal(t).gte(0) && new Decimal(t).lte(100)), {
    error: 'must be a score between 0 and 100',
  });
/** A score on the 0–100 scale: `"80"` ⇄ `Decimal`. */
const scoreCodec = z.codec(
  scoreText,
  z.custom<Decimal>((value) => value instanceof Decimal, { error: 'must be a Decimal value' }),
  { decode: (t) => new Decimal(t), encode: (d) => d.toFixed() },
);
const decodedDecimal = (value: unknown): Decimal | undefined =>
  value instanceof Decimal ? value : undefined;

const bandSchema = z.strictObject({
  atLeast: scoreCodec.optional().meta({ description: 'Lowest score in the band (inclusive).' }),
  below: scoreCodec.optional().meta({ description: 'First score above the band (exclusive).' }),
  adjustment: signedRatioCodec.meta({ description: '"0.1" = payment +10%, "-0.1" = −10%.' }),
});
export type ValueScoreBand = z.output<typeof bandSchema>;

export const valueScoreRuleSchema = z
  .strictObject({
    ...ruleFields,
    key: institutionKeySchema.default({}),
    weights: z
      .array(z.strictObject({ dimension: indicatorIdSchema, weight: unitRatioCodec }))
      .min(1)
      .max(20),
    bands: z
      .array(bandSchema)
      .max(20)
      .default([])
      .meta({ description: 'Non-overlapping score bands; a score in none leaves the payment.' }),
    note: text(0, 500).optional(),
  })
  .superRefine((rule, ctx) => {
    const seen = new Set<string>();
    rule.weights.forEach((w, i) => {
      if (seen.has(w.dimension)) {
        ctx.addIssue({
          code: 'custom',
          message: `dimension ${w.dimension} is weighted twice`,
          path: ['weights', i, 'dimension'],
        });
      }
      seen.add(w.dimension);
    });
    // Only decoded values are compared (see `decodedMoney`): a malformed one has its own issue.
    const weights = rule.weights.map((w) => decodedRatio(w.weight));
    if (weights.every((w) => w !== undefined)) {
      const sum = weights.reduce((a, w) => a.add(w), Ratio.ZERO);
      if (!sum.equals(Ratio.ONE)) {
        ctx.addIssue({
          code: 'custom',
          message: `weights must sum to exactly 1, got ${sum.toString()}`,
          path: ['weights'],
        });
      }
    }
    const ranges = rule.bands.map((b, i) => {
      const lo = decodedDecimal(b.atLeast);
      const hi = decodedDecimal(b.below);
      if (
        (b.atLeast !== undefined && lo === undefined) ||
        (b.below !== undefined && hi === undefined)
      )
        return undefined;
      if (lo === undefined && hi === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: 'give atLeast, below or both',
          path: ['bands', i],
        });
        return undefined;
      }
      if (lo !== undefined && hi !== undefined && !lo.lessThan(hi)) {
        ctx.addIssue({
          code: 'custom',
          message: `below (${hi.toFixed()}) must be above atLeast (${lo.toFixed()})`,
          path: ['bands', i, 'below'],
        });
        return undefined;
      }
      return { lo, hi };
    });
    ranges.forEach((r, j) => {
      if (r === undefined) return;
      ranges.slice(0, j).forEach((q, i) => {
        if (q === undefined) return;
        // [lo, hi) ranges overlap when each starts before the other ends.
        const rStartsBeforeQEnds = q.hi === undefined || r.lo === undefined || r.lo.lessThan(q.hi);
        const qStartsBeforeREnds = r.hi === undefined || q.lo === undefined || q.lo.lessThan(r.hi);
        if (rStartsBeforeQEnds && qStartsBeforeREnds) {
          ctx.addIssue({
            code: 'custom',
            message: `overlaps bands[${String(i)}]`,
            path: ['bands', j],
          });
        }
      });
    });
  })
  .meta({
    id: 'ValueScoreRule',
    description:
      'Value score: weighted dimension scores (weights summing to 1) and the payment adjustment of each score band.',
  });
export type ValueScoreRule = z.output<typeof valueScoreRuleSchema>;
export type ValueScoreRuleWire = z.input<typeof valueScoreRuleSchema>;

export const VALUE_SCORE_ISSUE_CODES = [
  ...VALUE_RULE_ISSUE_CODES,
  'value_score.score_missing',
  'value_score.score_out_of_range',
] as const;
export type ValueScoreIssueCode = (typeof VALUE_SCORE_ISSUE_CODES)[number];

export interface ValueScoreInput {
  /** Each weighted dimension's score, 0–100. Scores of dimensions the rule does not weigh are ignored. */
  readonly scores: Readonly<Record<string, Decimal>>;
  /** The payment the adjustment applies to. */
  readonly payment: Money;
  /** The institution and its region, matched against the rule's key when it has one. */
  readonly institution?: string | undefined;
  readonly region?: string | undefined;
}

export interface ValueScoreAdjustment {
  readonly rule: string;
  /** Σ weight × score, exact. */
  readonly score: Decimal;
  /** The index of the band the score is in (`bands[i]`), or null. */
  readonly band: number | null;
  /** The band's adjustment, or 0. */
  readonly adjustment: Ratio;
  readonly payment: Money;
  /** payment × (1 + adjustment), rounded by the policy's rounding. */
  readonly adjustedPayment: Money;
  /** adjustedPayment − payment: exactly what the adjustment adds (negative: deducts). */
  readonly adjustmentAmount: Money;
  readonly explanations: readonly string[];
}

/**
 * The composite score of the dimension scores and the payment it earns. A weighted dimension
 * without a score, or with one outside 0–100, is an issue at `['scores', dimension]`.
 */
export function valueScoreAdjustment(
  rule: ValueScoreRule,
  input: ValueScoreInput,
  rounding: RoundingRule,
): Result<ValueScoreAdjustment, ValueScoreIssueCode> {
  const issues: Issue<ValueScoreIssueCode>[] = [...keyIssues(rule, input)];
  for (const { dimension } of rule.weights) {
    const score = Object.hasOwn(input.scores, dimension) ? input.scores[dimension] : undefined;
    if (score === undefined) {
      issues.push(
        issue('value_score.score_missing', `no ${dimension} score was given`, {
          path: ['scores', dimension],
        }),
      );
    } else if (!score.isFinite() || score.lessThan(0) || score.greaterThan(100)) {
      issues.push(
        issue(
          'value_score.score_out_of_range',
          `the ${dimension} score must be between 0 and 100, got ${score.toString()}`,
          { path: ['scores', dimension] },
        ),
      );
    }
  }
  if (issues.length > 0) return fail(issues);

  const terms = rule.weights.map(({ dimension, weight }) => {
    const score = input.scores[dimension] ?? new Decimal(0);
    return { dimension, weight, score, product: weight.decimal.times(score) };
  });
  const score = terms.reduce((sum, t) => sum.plus(t.product), new Decimal(0));
  const index = rule.bands.findIndex(
    (b) =>
      (b.atLeast === undefined || score.gte(b.atLeast)) &&
      (b.below === undefined || score.lessThan(b.below)),
  );
  const band = index === -1 ? null : index;
  const chosen = band === null ? undefined : rule.bands[band];
  const adjustment = chosen?.adjustment ?? Ratio.ZERO;
  const adjustedPayment = input.payment.multiplyRound(Ratio.ONE.add(adjustment), rounding);
  const adjustmentAmount = adjustedPayment.subtract(input.payment);
  const formula = terms
    .map((t) => `${t.weight.toPercentString()} × ${t.dimension} ${t.score.toFixed()}`)
    .join(' + ');
  const range = (b: ValueScoreBand) =>
    [
      b.atLeast === undefined ? undefined : `≥ ${b.atLeast.toFixed()}`,
      b.below === undefined ? undefined : `< ${b.below.toFixed()}`,
    ]
      .filter((part) => part !== undefined)
      .join(' and ');
  return ok({
    rule: rule.id,
    score,
    band,
    adjustment,
    payment: input.payment,
    adjustedPayment,
    adjustmentAmount,
    explanations: [
      `value score ${rule.id}: ${formula} = ${score.toFixed()}`,
      chosen === undefined
        ? `value score ${rule.id}: ${score.toFixed()} is in no band → payment ${input.payment.toDecimalString()} unchanged`
        : `value score ${rule.id} bands[${String(index)}]: ${score.toFixed()} ${range(chosen)} → ${signedPercent(adjustment)}: ${input.payment.toDecimalString()} → ${adjustedPayment.toFixedString()} (${adjustmentAmount.isNegative() ? '' : '+'}${adjustmentAmount.toFixedString()})`,
    ],
  });
}
