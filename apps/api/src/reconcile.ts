import { type AccountingPeriod, type CalendarDate, type Result, addDays } from '@openpayer/domain';
import { type StoredReconciliation, newId, recordReconciliation } from '@openpayer/persistence';
import {
  type ProcedureTechniques,
  type ReconcileIssueCode,
  type SpecialCase,
  reconcileDrgClaims,
} from '@openpayer/pricing';
import { loadShippedProcedureTechniques } from '@openpayer/pricing/node';
import { type DrgServices, drgVersions } from './routes/drg.ts';
import type { ApiServices } from './services.ts';

/**
 * Reconciles an institution's period over the stored ledger by DRG and records it (or answers the
 * one recorded before): each case grouped by its region's grouper version and paid by the policy
 * of its discharge date. The API's POST /v1/reconciliations and `openpayer reconcile` both call it.
 */
export async function reconcileStoredPeriod(
  services: ApiServices,
  drg: DrgServices,
  request: {
    readonly institution: string;
    readonly period: AccountingPeriod;
    /** The reviewer's special-case decisions (特病单议) on cases of the period. */
    readonly specialCases?: readonly SpecialCase[];
    readonly by: string;
  },
): Promise<
  Result<{ readonly created: boolean; readonly stored: StoredReconciliation }, ReconcileIssueCode>
> {
  const versions = drgVersions(drg);
  return recordReconciliation(services.store, {
    id: newId('rec', services.now(), (n) => services.randomHex(n)),
    institution: request.institution,
    period: request.period,
    method: 'drg',
    by: request.by,
    compute: async (cases) => {
      // The institution's tier and region as its claims carry them; every policy the cases need
      // is read before the engine runs (it is synchronous).
      const first = cases[0]?.claim.institution;
      const region = first?.region ?? '';
      const dates = new Set<CalendarDate>([addDays(request.period.end, -1)]);
      for (const s of cases)
        if (s.claim.dischargeDate !== undefined) dates.add(s.claim.dischargeDate);
      const policies = new Map(
        await Promise.all(
          [...dates].map(async (d) => [d, await services.policyAt(d, region)] as const),
        ),
      );
      return reconcileDrgClaims(
        {
          policyAt: (date) => policies.get(date),
          grouperAt: (date) => versions.grouperAt(region, date),
          parameters: drg.parameters(),
          procedureTechniques: shippedProcedureTechniques(),
        },
        {
          institution: request.institution,
          tier: first?.tier ?? 'tertiary',
          region,
          period: request.period,
          cases,
          specialCases: request.specialCases,
        },
      );
    },
  });
}

/** The shipped procedure code → technique table (robotic add-on codes, approach by name). */
function shippedProcedureTechniques(): ProcedureTechniques {
  const loaded = loadShippedProcedureTechniques();
  if (!loaded.ok) throw new Error(`shipped technique table: ${loaded.issues[0]?.message ?? ''}`);
  return loaded.value;
}
