import { Money } from '@openpayer/domain';
import { type Facts, type Policy, resolveParameter } from '../../policy/policy.ts';
import { type Accumulators } from '../accumulators.ts';
import type { Explanation } from '../settle.ts';
import { ZERO, at, max0 } from './layer.ts';

export interface CommercialInput {
  readonly policy: Policy;
  readonly facts: Facts;
  readonly eligibleOutOfPocket: Money;
  readonly criticalIllness: Money;
  readonly assistance: Money;
  /** The lines' self-pay total, which some products cover too. */
  readonly selfPay: Money;
  readonly before: Pick<Accumulators, 'commercialDeductibleUsed' | 'commercialPaid'>;
  readonly explain: boolean;
}

export interface CommercialLayer {
  readonly amount: Money;
  /** The part of its base its deductible took. */
  readonly deductible: Money;
  /** It covers self-paid items: its per-line split weighs them too. */
  readonly coversSelfPay: boolean;
  readonly explanation: Explanation | null;
}

const NONE: CommercialLayer = Object.freeze({
  amount: ZERO,
  deductible: ZERO,
  coversSelfPay: false,
  explanation: null,
});

/**
 * Commercial supplementary insurance (商业补充保险): its own deductible and ratio over what the
 * public layers left of the eligible out-of-pocket, and over self-paid items when it covers them.
 */
export function commercial(input: CommercialInput): CommercialLayer {
  const { policy, before } = input;
  const cm = resolveParameter(policy, 'commercial', input.facts);
  if (cm === undefined) return NONE;
  const remaining = input.eligibleOutOfPocket
    .subtract(input.criticalIllness)
    .subtract(input.assistance);
  const selfPayCovered = cm.value.coversSelfPay ? input.selfPay : ZERO;
  const base = remaining.add(selfPayCovered);
  const deductible = Money.min(
    base,
    max0(cm.value.deductible.subtract(before.commercialDeductibleUsed)),
  );
  let amount = base.subtract(deductible).multiplyRound(cm.value.ratio, policy.rounding);
  if (cm.value.annualCap !== null)
    amount = Money.min(amount, max0(cm.value.annualCap.subtract(before.commercialPaid)));
  const explanation: Explanation | null = input.explain
    ? {
        layer: 'commercial',
        what: `after its deductible ${cm.value.deductible.toFixedString()}${cm.value.coversSelfPay ? ', self-paid items included' : ''}`,
        parameter: at(cm),
        value: cm.value.ratio.toString(),
        amount,
      }
    : null;
  return { amount, deductible, coversSelfPay: cm.value.coversSelfPay, explanation };
}
