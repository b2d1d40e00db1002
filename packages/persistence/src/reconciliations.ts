import {
  type AccountingPeriod,
  type Issue,
  Money,
  type Result,
  type RegionCode,
  claimSchema,
  fail,
  isWithinRegion,
  issue,
  ok,
} from '@openpayer/domain';
import {
  type ReconcileIssueCode,
  type Reconciliation,
  type ReconciliationMethod,
  type ReconciliationWire,
  type SettledCase,
  reconciliationSchema,
} from '@openpayer/pricing';
import { appendAudit } from './audit-log.ts';
import type { Store } from './database.ts';
import { isUniqueViolation } from './sql-errors.ts';

/**
 * Period reconciliations (结算清算) as the ledger keeps them: the stored inpatient settlements of an
 * institution discharged in a period are the cases (their claims and totals); the engine
 * (@openpayer/pricing's reconcile…) computes the whole period, and only then is it recorded — one
 * per institution, period and method, with `reconciliation.recorded` in the audit log in the same
 * transaction. Asked again, the recorded one is answered: a period is reconciled once.
 */

export interface ReconciliationSummary {
  readonly id: string;
  readonly institution: string;
  readonly period: string;
  readonly method: ReconciliationMethod;
  readonly policy: string;
  readonly cases: number;
  /** What the fund pays the hospital at the close (negative: recovers), a fixed-scale string. */
  readonly adjustment: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface StoredReconciliation extends ReconciliationSummary {
  readonly reconciliation: Reconciliation;
}

const COLUMNS = `id, institution_code, period, method, policy_id, cases, adjustment, created_by,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

interface Row {
  id: string;
  institution_code: string;
  period: string;
  method: ReconciliationMethod;
  policy_id: string;
  cases: number;
  adjustment: string;
  created_by: string;
  created_at: string;
  body?: string;
}

const summaryOf = (r: Row): ReconciliationSummary => ({
  id: r.id,
  institution: r.institution_code,
  period: r.period,
  method: r.method,
  policy: r.policy_id,
  cases: r.cases,
  adjustment: r.adjustment,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

const storedOf = (r: Row): StoredReconciliation => ({
  ...summaryOf(r),
  reconciliation: reconciliationSchema.decode(JSON.parse(r.body ?? 'null') as ReconciliationWire),
});

export async function readReconciliation(
  store: Store,
  id: string,
): Promise<StoredReconciliation | undefined> {
  const [row] = await store.query<Row>(
    `SELECT ${COLUMNS}, body::text AS body FROM reconciliations WHERE id = $1`,
    [id],
  );
  return row === undefined ? undefined : storedOf(row);
}

/** The recorded reconciliations, newest period first (one institution's, when given). */
export async function listReconciliations(
  store: Store,
  filter: { readonly institution?: string | undefined } = {},
): Promise<ReconciliationSummary[]> {
  const rows = await store.query<Row>(
    `SELECT ${COLUMNS} FROM reconciliations WHERE ($1::text IS NULL OR institution_code = $1)
     ORDER BY period DESC, institution_code, method LIMIT 500`,
    [filter.institution ?? null],
  );
  return rows.map(summaryOf);
}

/**
 * The case-paid cases of a period: the inpatient settlements discharged in it, of one institution
 * or (`periodCases` with institution null, `regionPeriodCases`) of every institution.
 */
export interface PeriodCases {
  /** Settled (live) settlements, in the order they were settled. */
  readonly cases: readonly SettledCase[];
  /** Claims of the period a finding holds for review: not yet paid, so the period cannot close. */
  readonly held: readonly { readonly claimId: string; readonly settlementId: string }[];
  /** Stored claims that no longer decode (named, never skipped silently). */
  readonly undecodable: readonly { readonly settlementId: string }[];
}

/**
 * The period's inpatient settlements of `institution`, or of every institution when it is null
 * (a DIP period's point value closes over all of them), in the order they were settled.
 */
export async function periodCases(
  store: Store,
  institution: string | null,
  period: AccountingPeriod,
  /** Only institutions within this region (by the stored claim's institution). */
  region?: RegionCode,
): Promise<PeriodCases> {
  const all = await store.query<{
    id: string;
    claim_id: string;
    status: 'settled' | 'held';
    total: string;
    claim: string;
    region: string | null;
  }>(
    `SELECT s.id, s.claim_id, s.status, s.total, c.claim::text AS claim,
       c.claim->'institution'->>'region' AS region
     FROM settlements s JOIN settlement_claims c ON c.person_id = s.person_id AND c.settlement_id = s.id
     WHERE ($1::text IS NULL OR s.institution_code = $1) AND s.status IN ('settled', 'held')
       AND s.service_date >= $2::date AND s.service_date < $3::date
       AND c.claim->>'type' = 'inpatient'
     ORDER BY s.seq`,
    [institution, period.start, period.end],
  );
  const rows =
    region === undefined
      ? all
      : all.filter((r) => isWithinRegion((r.region ?? '') as RegionCode, region));
  const cases: SettledCase[] = [];
  const held: { claimId: string; settlementId: string }[] = [];
  const undecodable: { settlementId: string }[] = [];
  for (const row of rows) {
    if (row.status === 'held') {
      held.push({ claimId: row.claim_id, settlementId: row.id });
      continue;
    }
    const decoded = claimSchema.safeParse(JSON.parse(row.claim));
    if (!decoded.success) {
      undecodable.push({ settlementId: row.id });
      continue;
    }
    cases.push({ claim: decoded.data, settlementId: row.id, cost: Money.of(row.total) });
  }
  return { cases, held, undecodable };
}

/**
 * Every institution's case-paid cases of a period whose institution is in `region` (its code or
 * within it, by the stored claim's institution): what a DIP budget is shared over. A held or
 * undecodable settlement of the region is answered too (the point value cannot close over it).
 */
export async function regionPeriodCases(
  store: Store,
  region: RegionCode,
  period: AccountingPeriod,
): Promise<PeriodCases> {
  return periodCases(store, null, period, region);
}

export interface ReconcileRequest {
  readonly id: string;
  readonly institution: string;
  readonly period: AccountingPeriod;
  readonly method: ReconciliationMethod;
  readonly by: string;
  /** The engine over the period's cases (e.g. `reconcileDrgClaims` with the API's versions). */
  readonly compute: (
    cases: readonly SettledCase[],
  ) =>
    | Result<Reconciliation, ReconcileIssueCode>
    | Promise<Result<Reconciliation, ReconcileIssueCode>>;
}

/**
 * Reconciles an institution's period and records it, or answers the one recorded before
 * (`created: false`). A period with held claims, undecodable claims or a case the engine cannot
 * pay is refused with every such case named; nothing is written.
 */
export async function recordReconciliation(
  store: Store,
  request: ReconcileRequest,
): Promise<
  Result<{ readonly created: boolean; readonly stored: StoredReconciliation }, ReconcileIssueCode>
> {
  const existing = await recordedFor(store, request);
  if (existing !== undefined) return ok({ created: false, stored: existing });
  const found = await periodCases(store, request.institution, request.period);
  const blocking: Issue<ReconcileIssueCode>[] = [
    ...found.held.map((h) =>
      issue(
        'reconcile.case_held',
        `claim ${h.claimId} (settlement ${h.settlementId}) is held for review: release it before the period closes`,
        { path: ['period'], data: { claimId: h.claimId, settlementId: h.settlementId } },
      ),
    ),
    ...found.undecodable.map((u) =>
      issue(
        'reconcile.case_not_paid',
        `settlement ${u.settlementId}: its stored claim no longer decodes`,
        { path: ['period'], data: { settlementId: u.settlementId } },
      ),
    ),
  ];
  if (blocking.length > 0) return fail(blocking);
  const computed = await request.compute(found.cases);
  if (!computed.ok) return computed;
  const r = computed.value;
  const wire = reconciliationSchema.encode(r);
  try {
    const stored = await store.transaction(async (tx) => {
      const [row] = await tx.query<Row>(
        `INSERT INTO reconciliations (id, institution_code, period, method, policy_id, cases, adjustment, body, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9) RETURNING ${COLUMNS}`,
        [
          request.id,
          request.institution,
          request.period.label,
          request.method,
          r.policy,
          r.totals.cases,
          r.totals.adjustment.toFixedString(),
          JSON.stringify(wire),
          request.by,
        ],
      );
      await appendAudit(tx, [
        {
          kind: 'reconciliation.recorded',
          actor: request.by,
          object: { type: 'reconciliation', id: request.id },
          state: wire,
          event: {
            institution: request.institution,
            period: request.period.label,
            method: request.method,
            cases: String(r.totals.cases),
            adjustment: r.totals.adjustment.toFixedString(),
          },
        },
      ]);
      return { ...summaryOf(row as Row), reconciliation: r };
    });
    return ok({ created: true, stored });
  } catch (error) {
    // Another request recorded the period first: its reconciliation is the answer.
    if (isUniqueViolation(error)) {
      const first = await recordedFor(store, request);
      if (first !== undefined) return ok({ created: false, stored: first });
    }
    throw error;
  }
}

async function recordedFor(
  store: Store,
  request: Pick<ReconcileRequest, 'institution' | 'period' | 'method'>,
): Promise<StoredReconciliation | undefined> {
  const [row] = await store.query<Row>(
    `SELECT ${COLUMNS}, body::text AS body FROM reconciliations
     WHERE institution_code = $1 AND period = $2 AND method = $3`,
    [request.institution, request.period.label, request.method],
  );
  return row === undefined ? undefined : storedOf(row);
}
