import { type CalendarDate, type RegionCode, isWithinRegion } from '@openpayer/domain';
import { policyInForce } from '@openpayer/pricing';

/**
 * Which rule sets review a claim: for the national set and for every region that contains the
 * person's insured region (province, city, the region itself), the version in force on the
 * service date — activated there, started on or before the date, the latest to start (the rule
 * policies follow, `policyInForce`). A city adds its own rules to the national ones.
 */
export interface RuleSetActivation {
  readonly id: string;
  /** null: the national rule set. */
  readonly region: string | null;
  readonly activeFrom: string | null;
}

const NATIONAL = 'national';

export function ruleSetsInForce<V extends RuleSetActivation>(
  versions: readonly V[],
  region: RegionCode,
  date: CalendarDate,
): V[] {
  const keyed = versions.map((v) => ({ ...v, region: v.region ?? NATIONAL, version: v }));
  const regions = new Set<string>();
  for (const v of versions) {
    if (v.region === null) regions.add(NATIONAL);
    else if (isWithinRegion(region, v.region as RegionCode)) regions.add(v.region);
  }
  const chosen: V[] = [];
  for (const r of [...regions].sort()) {
    const found = policyInForce(keyed, r, date);
    if (found !== undefined) chosen.push(found.version);
  }
  return chosen;
}
