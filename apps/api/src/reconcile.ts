import {
  type AccountingPeriod,
  type CalendarDate,
  type Issue,
  type Result,
  addDays,
  fail,
  issue,
} from '@openpayer/domain';
import {
  listReconciliations,
  readReconciliation,
  type StoredReconciliation,
  newId,
  recordReconciliation,
  regionPeriodCases,
  specialCaseDecisions,
} from '@openpayer/persistence';
import {
  type DipBudget,
  type DipCatalog,
  type DipParameters,
  type ProcedureTechniques,
  type ReconcileIssueCode,
  type SettledCase,
  type SpecialCase,
  noCases,
  reconcileDipClaims,
  reconcileDrgClaims,
} from '@openpayer/pricing';
import { loadShippedProcedureTechniques } from '@openpayer/pricing/node';
import { type DrgServices, drgVersions } from './routes/drg.ts';
import type { ApiServices } from './services.ts';

/** The DIP catalog and parameter document a DIP reconciliation pays with. */
export interface DipServices {
  readonly catalog: () => DipCatalog;
  readonly parameters: () => DipParameters;
}

export type ReconcileMethodRequest =
  | { readonly method?: 'drg' | undefined }
  | {
      readonly method: 'dip';
      /** The region's period budget of each fund: the point value closes over every hospital. */
      readonly budgets: readonly DipBudget[];
    };

/**
 * Reconciles an institution's period over the stored ledger and records it (or answers the one
 * recorded before). The API's POST /v1/reconciliations and `openpayer reconcile` both call it.
 *
 * - DRG (the default): each case grouped by its region's grouper version and paid by the policy
 *   of its discharge date.
 * - DIP (`method: 'dip'`, with `budgets`; `drg.dip` must be loaded): every live inpatient
 *   settlement of the institution's region discharged in the period is grouped by the DIP
 *   catalog; each fund's point value = its budget ÷ the region's points (policy of the period's
 *   last day); the hospital's cases are paid points × point value against their cost. A claim of
 *   the region held for review keeps the period open, as the hospital's own do.
 */
export async function reconcileStoredPeriod(
  services: ApiServices,
  drg: DrgServices,
  request: {
    readonly institution: string;
    readonly period: AccountingPeriod;
    /** The reviewer's special-case decisions (特病单议) on cases of the period. */
    readonly specialCases?: readonly SpecialCase[] | undefined;
    readonly by: string;
  } & ReconcileMethodRequest,
): Promise<
  Result<{ readonly created: boolean; readonly stored: StoredReconciliation }, ReconcileIssueCode>
> {
  const id = newId('rec', services.now(), (n) => services.randomHex(n));
  if (request.method === 'dip') {
    const dip = drg.dip;
    if (dip === undefined) throw new Error('this server has no DIP catalog loaded');
    const budgets = request.budgets;
    return recordReconciliation(services.store, {
      id,
      institution: request.institution,
      period: request.period,
      method: 'dip',
      by: request.by,
      compute: async (cases) => {
        const first = cases[0]?.claim.institution;
        if (first === undefined) return fail([noCases(request)]);
        const region = first.region;
        const found = await regionPeriodCases(services.store, region, request.period);
        const blocking = regionBlocking(found);
        if (blocking.length > 0) return fail(blocking);
        const fixed = await budgetsFixedBefore(services, request.period.label, budgets);
        if (fixed !== undefined) return fail([fixed]);
        const lastDay = addDays(request.period.end, -1);
        const closing = await services.policyAt(lastDay, region);
        return reconcileDipClaims(
          {
            policyAt: (date) => (date === lastDay ? closing : undefined),
            catalog: dip.catalog(),
            parameters: dip.parameters(),
          },
          {
            institution: request.institution,
            tier: first.tier,
            region,
            period: request.period,
            budgets,
            regionCases: found.cases,
            specialCases: await specialCasesOf(services, request, cases),
          },
        );
      },
    });
  }
  const versions = drgVersions(drg);
  return recordReconciliation(services.store, {
    id,
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
          specialCases: await specialCasesOf(services, request, cases),
        },
      );
    },
  });
}

/**
 * The region's held or undecodable settlements of other institutions (the hospital's own were
 * already refused by `recordReconciliation`): the point value cannot close over them.
 */
function regionBlocking(found: {
  readonly held: readonly { readonly claimId: string; readonly settlementId: string }[];
  readonly undecodable: readonly { readonly settlementId: string }[];
}): Issue<ReconcileIssueCode>[] {
  return [
    ...found.held.map((h) =>
      issue(
        'reconcile.case_held',
        `claim ${h.claimId} (settlement ${h.settlementId}) of the region is held for review: the DIP point value cannot close before it is released`,
        { path: ['period'], data: { claimId: h.claimId, settlementId: h.settlementId } },
      ),
    ),
    ...found.undecodable.map((u) =>
      issue(
        'reconcile.case_not_paid',
        `settlement ${u.settlementId} of the region: its stored claim no longer decodes`,
        { path: ['period'], data: { settlementId: u.settlementId } },
      ),
    ),
  ];
}

/** The shipped procedure code → technique table (robotic add-on codes, approach by name). */
function shippedProcedureTechniques(): ProcedureTechniques {
  const loaded = loadShippedProcedureTechniques();
  if (!loaded.ok) throw new Error(`shipped technique table: ${loaded.issues[0]?.message ?? ''}`);
  return loaded.value;
}

/**
 * A region's DIP point value is one per period: the budgets of a period are fixed by its first DIP
 * reconciliation, and a later one with other budgets is refused, naming the recorded figures.
 */
async function budgetsFixedBefore(
  services: ApiServices,
  period: string,
  budgets: readonly DipBudget[],
): Promise<Issue<ReconcileIssueCode> | undefined> {
  const asked = new Map(budgets.map((b) => [b.insuranceType, b.amount.toFixedString()]));
  for (const summary of await listReconciliations(services.store)) {
    if (summary.method !== 'dip' || summary.period !== period) continue;
    const stored = await readReconciliation(services.store, summary.id);
    const recorded = stored?.reconciliation.pointValues ?? [];
    const same =
      recorded.length === asked.size &&
      recorded.every((p) => asked.get(p.insuranceType) === p.budget.toFixedString());
    if (same) continue;
    const figures = recorded
      .map((p) => `${p.insuranceType} ${p.budget.toFixedString()}`)
      .join(', ');
    return issue(
      'reconcile.dip_payment',
      `the DIP budgets of ${period} were fixed by reconciliation ${summary.id} (${figures}): one point value per period`,
      { path: ['budgets'], data: { reconciliation: summary.id } },
    );
  }
  return undefined;
}

/**
 * The special-case decisions a reconciliation applies: those given with the request, or else the
 * reviewers' recorded decisions on the institution's requests for cases of this period.
 */
async function specialCasesOf(
  services: ApiServices,
  request: {
    readonly institution: string;
    readonly specialCases?: readonly SpecialCase[] | undefined;
  },
  cases: readonly SettledCase[],
): Promise<readonly SpecialCase[]> {
  if (request.specialCases !== undefined) return request.specialCases;
  const ids = new Set(cases.map((c) => c.claim.id as string));
  return (await specialCaseDecisions(services.store, request.institution)).filter((d) =>
    ids.has(d.claimId),
  );
}
