import { Money } from '@openpayer/domain';
import { type Facts, type Policy, resolveParameter } from '../../policy/policy.ts';
import type { Explanation } from '../settle.ts';
import { ZERO, at, max0 } from './layer.ts';

export interface MedicalAssistanceLayer {
  readonly amount: Money;
  readonly explanation: Explanation | null;
}

const NONE: MedicalAssistanceLayer = Object.freeze({ amount: ZERO, explanation: null });

/** Medical assistance (医疗救助): a ratio of what critical illness left of the eligible out-of-pocket. */
export function medicalAssistance(
  policy: Policy,
  facts: Facts,
  eligibleOutOfPocket: Money,
  criticalIllness: Money,
  assistancePaidBefore: Money,
  explain: boolean,
): MedicalAssistanceLayer {
  const ma = resolveParameter(policy, 'medicalAssistance', facts);
  if (ma === undefined) return NONE;
  const remaining = eligibleOutOfPocket.subtract(criticalIllness);
  let amount = remaining.multiplyRound(ma.value.ratio, policy.rounding);
  if (ma.value.annualCap !== null)
    amount = Money.min(amount, max0(ma.value.annualCap.subtract(assistancePaidBefore)));
  const explanation: Explanation | null = explain
    ? {
        layer: 'medical_assistance',
        what: 'ratio of the remaining eligible out-of-pocket',
        parameter: at(ma),
        value: ma.value.ratio.toString(),
        amount,
      }
    : null;
  return { amount, explanation };
}
