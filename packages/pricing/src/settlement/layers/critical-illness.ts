import { Money } from '@openpayer/domain';
import { type Facts, type Policy, resolveParameter } from '../../policy/policy.ts';
import { type Accumulators } from '../accumulators.ts';
import type { Explanation } from '../settle.ts';
import { bandsPay, bandsText } from './bands.ts';
import { ZERO, at, max0 } from './layer.ts';

export interface CriticalIllnessLayer {
  readonly amount: Money;
  readonly explanation: Explanation | null;
}

const NONE: CriticalIllnessLayer = Object.freeze({ amount: ZERO, explanation: null });

/**
 * Critical-illness insurance (大病保险): bands over the year's eligible out-of-pocket above the
 * threshold — this claim's out-of-pocket is the slice between the year's base before and after it.
 */
export function criticalIllness(
  policy: Policy,
  facts: Facts,
  eligibleOutOfPocket: Money,
  before: Pick<Accumulators, 'criticalIllnessBase' | 'criticalIllnessPaid'>,
  explain: boolean,
): CriticalIllnessLayer {
  const ci = resolveParameter(policy, 'criticalIllness', facts);
  if (ci === undefined) return NONE;
  const from = max0(before.criticalIllnessBase.subtract(ci.value.threshold));
  const to = max0(before.criticalIllnessBase.add(eligibleOutOfPocket).subtract(ci.value.threshold));
  let amount = bandsPay(ci.value.bands, from, to).round(policy.rounding);
  if (ci.value.annualCap !== null)
    amount = Money.min(amount, max0(ci.value.annualCap.subtract(before.criticalIllnessPaid)));
  const explanation: Explanation | null = explain
    ? {
        layer: 'critical_illness',
        what: `year's eligible out-of-pocket above the threshold ${ci.value.threshold.toFixedString()}`,
        parameter: at(ci),
        value: bandsText(ci.value.bands),
        amount,
      }
    : null;
  return { amount, explanation };
}
