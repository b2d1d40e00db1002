import {
  type Decimal,
  type Issue,
  Money,
  type Result,
  type RoundingRule,
  fail,
  isCalendarDate,
  issue,
  ok,
} from '@openpayer/domain';
import { type ParameterKey, inForce } from '../policy/fields.ts';
import type { Policy } from '../policy/policy.ts';

/**
 * Health-economics helper (卫生经济学评价): the incremental cost-effectiveness ratio ICER = Δcost /
 * ΔQALY of a technology against its comparator, compared with a willingness-to-pay threshold per
 * QALY (e.g. 3× GDP per capita ≈ 210,000), used when a technology is considered for admission. The
 * threshold is policy data (`parameters.icerThreshold`, a dated keyed amount per QALY).
 *
 * The verdict is the sign of the net monetary benefit threshold × ΔQALY − Δcost (≥ 0: acceptable),
 * decided exactly on the unrounded figures:
 * - ΔQALY > 0, Δcost ≤ 0: 'dominant' (more health for no more money), no ICER;
 * - ΔQALY = 0, Δcost < 0: 'dominant' too (the same health for less money: a cost-minimisation
 *   case; the ratio is undefined), no ICER;
 * - ΔQALY ≤ 0, Δcost ≥ 0: 'dominated' (no more health for no less money), no ICER;
 * - ΔQALY > 0, Δcost > 0: the ICER, 'below_threshold' when it is at or below the threshold, else
 *   'above_threshold';
 * - ΔQALY < 0, Δcost < 0 (cheaper and less effective): the ICER is the saving per QALY forgone;
 *   'below_threshold' (acceptable) when that saving is at least the threshold, else
 *   'above_threshold' — the explanation spells out the quadrant.
 */

export const ICER_VERDICTS = [
  'dominant',
  'dominated',
  'below_threshold',
  'above_threshold',
] as const;
export type IcerVerdict = (typeof ICER_VERDICTS)[number];

/** The cost-effectiveness plane's quadrant (north = costs more, east = more QALYs). */
export const ICER_QUADRANTS = ['north_east', 'south_east', 'north_west', 'south_west'] as const;
export type IcerQuadrant = (typeof ICER_QUADRANTS)[number];

export interface IcerInput {
  readonly incrementalCost: Money;
  readonly incrementalQaly: Decimal;
}

export interface IcerResult {
  /** Δcost / ΔQALY rounded by the policy's rule; null when dominant or dominated. */
  readonly icer: Money | null;
  readonly threshold: Money;
  readonly verdict: IcerVerdict;
  readonly quadrant: IcerQuadrant;
  /** threshold × ΔQALY − Δcost, rounded: ≥ 0 when the technology is acceptable at the threshold. */
  readonly netMonetaryBenefit: Money;
  readonly inputs: IcerInput;
  readonly explanation: string;
}

export const ICER_ISSUE_CODES = [
  'icer.negative_threshold',
  'icer.no_threshold',
  'icer.invalid_date',
] as const;
export type IcerIssueCode = (typeof ICER_ISSUE_CODES)[number];

/** ICER of a technology against its comparator, and its verdict at a threshold per QALY. */
export function icer(
  input: IcerInput,
  threshold: Money,
  rounding: RoundingRule,
): Result<IcerResult, IcerIssueCode> {
  if (threshold.isNegative()) {
    return fail([
      issue('icer.negative_threshold', `threshold ${threshold.toFixedString()} is negative`, {
        path: ['threshold'],
      }),
    ]);
  }
  const { incrementalCost: cost, incrementalQaly: qaly } = input;
  const costSign = cost.isNegative() ? -1 : cost.isZero() ? 0 : 1;
  const qalySign = qaly.isZero() ? 0 : qaly.isNegative() ? -1 : 1;
  const quadrant: IcerQuadrant =
    qalySign > 0 || (qalySign === 0 && costSign < 0)
      ? costSign > 0
        ? 'north_east'
        : 'south_east'
      : costSign >= 0
        ? 'north_west'
        : 'south_west';
  const netMonetaryBenefit = threshold.multiplyRound(qaly, rounding).subtract(cost.round(rounding));
  const exactBenefit = threshold.multiply(qaly).subtract(cost);
  const figures = `Δcost ${cost.toFixedString()}, ΔQALY ${qaly.toFixed()}, threshold ${threshold.toFixedString()} per QALY`;
  const result = (
    verdict: IcerVerdict,
    value: Money | null,
    why: string,
  ): Result<IcerResult, IcerIssueCode> =>
    ok({
      icer: value,
      threshold,
      verdict,
      quadrant,
      netMonetaryBenefit,
      inputs: input,
      explanation: `ICER: ${figures}: ${why}`,
    });

  if (quadrant === 'south_east') {
    return result('dominant', null, 'no more cost for more or equal health → dominant');
  }
  if (quadrant === 'north_west') {
    return result('dominated', null, 'no more health for no less cost → dominated');
  }
  const ratio = Money.of(cost.amount.dividedBy(qaly)).round(rounding);
  const acceptable = !exactBenefit.isNegative();
  if (quadrant === 'north_east') {
    return result(
      acceptable ? 'below_threshold' : 'above_threshold',
      ratio,
      `ICER ${ratio.toFixedString()} per QALY ${acceptable ? 'is at or below' : 'exceeds'} the threshold ${threshold.toFixedString()}`,
    );
  }
  return result(
    acceptable ? 'below_threshold' : 'above_threshold',
    ratio,
    `cheaper and less effective: saves ${ratio.toFixedString()} per QALY forgone, ${acceptable ? 'at least' : 'less than'} the threshold ${threshold.toFixedString()} → ${acceptable ? 'acceptable' : 'not acceptable'}`,
  );
}

/** The ICER threshold entry that applied, for the explanation. */
export interface ResolvedIcerThreshold {
  readonly value: Money;
  readonly index: number;
  readonly key: ParameterKey;
  readonly source: string;
}

const keyFields = [
  'region',
  'insuranceType',
  'tier',
  'claimType',
  'personCategory',
  'institution',
] as const;

/**
 * The policy's ICER threshold in force on a date: among the `icerThreshold` entries in force whose
 * keys all match `key` (an entry without a key applies to all), the most specific one.
 */
export function icerThresholdOn(
  policy: Policy,
  date: string,
  key: ParameterKey = {},
): Result<ResolvedIcerThreshold, IcerIssueCode> {
  if (!isCalendarDate(date)) {
    return fail([
      issue('icer.invalid_date', `"${date}" is not a calendar date`, { path: ['date'] }),
    ]);
  }
  let best: ResolvedIcerThreshold | undefined;
  let bestSpecificity = -1;
  policy.parameters.icerThreshold.forEach((e, index) => {
    if (!inForce(e, date)) return;
    if (!keyFields.every((f) => e.key[f] === undefined || e.key[f] === key[f])) return;
    const specificity = keyFields.filter((f) => e.key[f] !== undefined).length;
    if (specificity > bestSpecificity) {
      best = { value: e.value, index, key: e.key, source: `parameters.icerThreshold[${index}]` };
      bestSpecificity = specificity;
    }
  });
  if (best === undefined) {
    const none: Issue<IcerIssueCode> = issue(
      'icer.no_threshold',
      `the policy ${policy.id} has no ICER threshold in force on ${date}`,
      { path: ['parameters', 'icerThreshold'] },
    );
    return fail([none]);
  }
  return ok(best);
}
