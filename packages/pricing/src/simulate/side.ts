import type { Approval, CatalogIndex } from '@openpayer/catalog';
import { type Claim, type Result, fail, issue } from '@openpayer/domain';
import type { Accumulators } from '../settlement/accumulators.ts';
import type { Policy } from '../policy/policy.ts';
import { type SettleContext, type Settlement, settle } from '../settlement/settle.ts';

/**
 * One side of a what-if simulation: a claim settled under a version (a policy and a catalog
 * release) with the person's accumulators under that version, without explanations. The CLI's
 * `openpayer simulate` and the API's simulation jobs both settle through here, so a history
 * simulated either way gives the same report.
 */

export interface SimulationVersion {
  readonly policy: Policy;
  readonly catalog: CatalogIndex;
}

/** How a side settles: `settle`, or settle with a review's findings (`settleReviewed`). */
export type SimulationSettle = (
  claim: Claim,
  context: Omit<SettleContext, 'decisions' | 'findings'>,
) => Result<Settlement>;

/**
 * The claim under `version` with `accumulators` (the person's under this version so far). A
 * person insured in another region than the policy's is refused, as the batch settle refuses it;
 * on success the caller carries `accumulatorsAfter` on to the person's next claim. A side with
 * smart-review rule sets passes `settleWith` (supervision's `settleReviewed` with its plan).
 */
export function settleSimulationSide(
  claim: Claim,
  version: SimulationVersion,
  accumulators: Accumulators,
  approvals?: readonly Approval[],
  settleWith: SimulationSettle = settle,
): Result<Settlement> {
  if (claim.person.insuredRegion !== version.policy.region) {
    return fail([
      issue(
        'settlement.policy_region_mismatch',
        `the person is insured in region ${claim.person.insuredRegion}; policy ${version.policy.id} is for region ${version.policy.region}`,
        { path: ['person', 'insuredRegion'] },
      ),
    ]);
  }
  return settleWith(claim, {
    policy: version.policy,
    catalog: version.catalog,
    accumulators,
    ...(approvals === undefined ? {} : { approvals }),
    explain: false,
  });
}
