import type { CalendarDate } from '@openpayer/domain';

/**
 * Which policy version is in force (在用待遇政策). A version is used, in its region, for claims
 * with a service date from its activation on, until the region's next activation starts. The API
 * settles by this rule, and the admin's simulator and policy screens show it; they all call here.
 *
 * Dates are calendar dates as YYYY-MM-DD in the policy's time zone, so string order is date order.
 */

/** What the rule reads of a stored version. */
export interface PolicyActivation {
  readonly id: string;
  readonly region: string;
  /**
   * The first service date the version is used for, a calendar date as stored and sent on the
   * wire (YYYY-MM-DD); null: stored, not activated.
   */
  readonly activeFrom: string | null;
}

type Activated = PolicyActivation & { readonly activeFrom: string };

/**
 * Orders activations by start, then by id in code-unit order. The store refuses two activations
 * of one region on the same day; should two still share a day (hand-made data, a race between
 * processes), the greater id takes over and the other is never in force — whatever order the
 * versions are listed in.
 */
function compareActivations(a: Activated, b: Activated): number {
  if (a.activeFrom !== b.activeFrom) return a.activeFrom < b.activeFrom ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const activated = <V extends PolicyActivation>(v: V): v is V & Activated => v.activeFrom !== null;

/**
 * The version in force for `region` on `date`: of the region's activated versions that start on
 * or before the date, the one that starts last (ties: the greatest id). Undefined: none.
 */
export function policyInForce<V extends PolicyActivation>(
  versions: readonly V[],
  region: string,
  date: CalendarDate,
): V | undefined {
  let chosen: (V & Activated) | undefined;
  for (const v of versions) {
    if (v.region !== region || !activated(v) || v.activeFrom > date) continue;
    if (chosen === undefined || compareActivations(v, chosen) > 0) chosen = v;
  }
  return chosen;
}

/** A version's standing on a date. */
export const VERSION_STATUSES = ['active', 'scheduled', 'superseded', 'not_activated'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export interface VersionState {
  /**
   * `active`: in force on the date; `scheduled`: activated from a later date; `superseded`:
   * started on or before the date but another version of the region took over (or, on a shared
   * start day, took precedence); `not_activated`: stored, never activated.
   */
  readonly status: VersionStatus;
  /**
   * The first day the region's next version takes over, so the version is in force on
   * [activeFrom, until); null: open-ended, or not activated.
   */
  readonly until: string | null;
}

/**
 * Each version's status on `date`, by id. Per region the active version is `policyInForce`'s
 * answer, and `until` follows the same order, so a version is active on exactly the dates in
 * [activeFrom, until).
 */
export function versionStates(
  versions: readonly PolicyActivation[],
  date: CalendarDate,
): Map<string, VersionState> {
  const states = new Map<string, VersionState>();
  const regions = new Map<string, Activated[]>();
  for (const v of versions) {
    if (!activated(v)) {
      states.set(v.id, { status: 'not_activated', until: null });
      continue;
    }
    const list = regions.get(v.region) ?? [];
    list.push(v);
    regions.set(v.region, list);
  }
  for (const [region, list] of regions) {
    list.sort(compareActivations);
    const current = policyInForce(list, region, date);
    list.forEach((v, i) => {
      const status: VersionStatus =
        v === current ? 'active' : v.activeFrom > date ? 'scheduled' : 'superseded';
      states.set(v.id, { status, until: list[i + 1]?.activeFrom ?? null });
    });
  }
  return states;
}
