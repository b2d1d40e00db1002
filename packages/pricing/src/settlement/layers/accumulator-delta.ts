import { type Claim, type Money } from '@openpayer/domain';
import { type AccumulatorDelta, type MoneyAccumulator } from '../accumulators.ts';
import { type BasicLayer } from './basic.ts';
import { type SharingLayer } from './sharing.ts';
import { ZERO } from './layer.ts';

export interface DeltaInput {
  readonly claimType: Claim['type'];
  readonly basic: Pick<BasicLayer, 'perAdmission' | 'deductible' | 'fund'>;
  readonly specialFund: Money;
  readonly sharing: Pick<SharingLayer, 'fundCounted' | 'fundOutsideCap'>;
  readonly eligibleOutOfPocket: Money;
  readonly criticalIllness: Money;
  readonly assistance: Money;
  readonly commercialDeductible: Money;
  readonly commercial: Money;
}

/** What the settlement adds to the person's year (every MONEY_ACCUMULATORS field). */
export function accumulatorDelta(input: DeltaInput): AccumulatorDelta {
  const { basic, sharing } = input;
  const money: Record<MoneyAccumulator, Money> = {
    deductibleUsed: basic.perAdmission ? ZERO : basic.deductible,
    fundPaid: basic.fund.add(input.specialFund).add(sharing.fundCounted),
    criticalIllnessBase: input.eligibleOutOfPocket,
    criticalIllnessPaid: input.criticalIllness,
    assistancePaid: input.assistance,
    commercialDeductibleUsed: input.commercialDeductible,
    commercialPaid: input.commercial,
    sharingFundPaid: sharing.fundOutsideCap,
  };
  return { money, admissions: input.claimType === 'inpatient' ? 1 : 0 };
}
