import {
  type Claim,
  type RegionCode,
  Money,
  isWithinRegion,
  periodContains,
} from '@openpayer/domain';
import {
  type Facts,
  type ParameterValue,
  type Policy,
  type Resolved,
  resolveParameter,
} from '../../policy/policy.ts';
import { type Accumulators } from '../accumulators.ts';
import type { Explanation } from '../settle.ts';
import { bandsPay, bandsText } from './bands.ts';
import { NO_EXPLANATIONS, ZERO, at, max0 } from './layer.ts';

export interface BasicInput {
  readonly claim: Pick<Claim, 'institution' | 'person'>;
  readonly policy: Policy;
  readonly facts: Facts;
  /** The lines' eligible total. */
  readonly eligible: Money;
  readonly before: Pick<Accumulators, 'admissions' | 'deductibleUsed' | 'fundPaid'>;
  readonly deductible: Resolved<ParameterValue<'deductible'>>;
  readonly reimbursement: Resolved<ParameterValue<'reimbursement'>>;
  readonly annualCap: Resolved<ParameterValue<'annualCap'>>;
  /** The fund's sharing parts already counted against the annual cap by this claim. */
  readonly sharingFundCounted: Money;
  readonly explain: boolean;
}

export interface BasicLayer {
  /** The part of the eligible amount the deductible took. */
  readonly deductible: Money;
  /** The deductible is per admission (nothing to carry in `deductibleUsed`). */
  readonly perAdmission: boolean;
  /** What is above the deductible. */
  readonly base: Money;
  readonly fund: Money;
  /** The annual cap cut the fund's payment (sharing's cut is the sharing layer's). */
  readonly capReached: boolean;
  readonly explanations: readonly Explanation[];
}

/**
 * Basic insurance (基本医保): deductible → ratio bands, or the out-of-region ratio for care outside
 * the pooling area → annual cap.
 */
export function basicInsurance(input: BasicInput): BasicLayer {
  const { claim, policy, facts, eligible, before, deductible, reimbursement, annualCap } = input;
  const rounding = policy.rounding;
  const explanations: Explanation[] | null = input.explain ? [] : null;

  const d = deductible.value;
  const perAdmission = d.per === 'admission';
  const deductibleAmount =
    perAdmission && before.admissions > 0 ? (d.subsequent ?? d.first) : d.first;
  const deductibleLeft = perAdmission
    ? deductibleAmount
    : max0(deductibleAmount.subtract(before.deductibleUsed));
  const deductiblePart = Money.min(eligible, deductibleLeft);
  const base = eligible.subtract(deductiblePart);
  explanations?.push({
    layer: 'basic',
    what: perAdmission
      ? before.admissions > 0
        ? 'deductible, a later admission this year'
        : 'deductible, first admission this year'
      : 'deductible left this year',
    parameter: at(deductible),
    value: deductibleAmount.toFixedString(),
    amount: deductiblePart,
  });

  let fundRaw: Money;
  const pooling = poolingAreaDecision(policy, facts, claim);
  const outOfRegion = pooling.outOfRegion;
  // Care at the person's own region code needs no rule; anywhere else, say which one decided.
  if (claim.institution.region !== claim.person.insuredRegion)
    explanations?.push({
      layer: 'basic',
      what: `institution region ${claim.institution.region} ${outOfRegion ? 'outside' : 'within'} the pooling area of ${claim.person.insuredRegion}${pooling.rule === undefined ? ' (none declared: the insured region and the regions within it)' : ''}`,
      parameter: pooling.rule === undefined ? null : at(pooling.rule),
      value: pooling.regions.join(' '),
      amount: base,
    });
  const regionRule = outOfRegion ? resolveParameter(policy, 'outOfRegion', facts) : undefined;
  // A registration for a city covers its districts.
  const registered =
    outOfRegion &&
    claim.person.outOfRegionRegistrations.some(
      (r) =>
        (r.region === null || isWithinRegion(claim.institution.region, r.region)) &&
        periodContains(r.period, facts.date),
    );
  const flat =
    regionRule === undefined
      ? null
      : registered
        ? regionRule.value.registered
        : regionRule.value.notRegistered;
  if (regionRule !== undefined && flat !== null) {
    fundRaw = base.multiply(flat);
    explanations?.push({
      layer: 'basic',
      what: registered ? 'out-of-region ratio, registered' : 'out-of-region ratio, not registered',
      parameter: at(regionRule),
      value: flat.toString(),
      amount: fundRaw.round(rounding),
    });
  } else {
    fundRaw = bandsPay(reimbursement.value, ZERO, base);
    explanations?.push({
      layer: 'basic',
      what: 'reimbursement bands above the deductible',
      parameter: at(reimbursement),
      value: bandsText(reimbursement.value),
      amount: fundRaw.round(rounding),
    });
  }

  const capLeft = max0(
    annualCap.value.subtract(before.fundPaid).subtract(input.sharingFundCounted),
  );
  const fundRounded = fundRaw.round(rounding);
  const capReached = fundRounded.greaterThan(capLeft);
  const fund = capReached ? capLeft : fundRounded;
  if (capReached)
    explanations?.push({
      layer: 'basic',
      what: 'annual cap reached',
      parameter: at(annualCap),
      value: annualCap.value.toFixedString(),
      amount: fund,
    });
  return {
    deductible: deductiblePart,
    perAdmission,
    base,
    fund,
    capReached,
    explanations: explanations ?? NO_EXPLANATIONS,
  };
}

interface PoolingAreaDecision {
  readonly outOfRegion: boolean;
  /** The policy entry that declared the pooling area; undefined when none is in force. */
  readonly rule: Resolved<ParameterValue<'poolingArea'>> | undefined;
  readonly regions: readonly RegionCode[];
}

/**
 * 统筹区: care is out of region when the institution lies outside the person's pooling area — the
 * regions the policy declares for the insured region (each with every region within it), or, with
 * none declared, the insured region and the regions within it. A district hospital (230103) is
 * inside Harbin's pooling area (230100) for a person insured in 230100.
 */
function poolingAreaDecision(
  policy: Policy,
  facts: Facts,
  claim: Pick<Claim, 'institution' | 'person'>,
): PoolingAreaDecision {
  const rule = resolveParameter(policy, 'poolingArea', facts);
  const regions = rule?.value.regions ?? [claim.person.insuredRegion];
  const inside = regions.some((area) => isWithinRegion(claim.institution.region, area));
  return { outOfRegion: !inside, rule, regions };
}
