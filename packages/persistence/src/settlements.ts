import {
  type Accumulators,
  type Party,
  SHARE_PARTIES,
  type SettlementWire,
  accumulatorsSchema,
  emptyAccumulators,
  settlementWireOf,
} from '@openpayer/pricing';
import type { Store } from './database.ts';
import type { SettlementStatus } from '@openpayer/domain';
import type { StoredSettlement } from './ledger.ts';

/** Reads of the ledger: a settlement, a page of settlements, a person's year-to-date figures. */

interface SettlementRow {
  id: string;
  status: string;
  institution_code: string;
  person_id: string;
  claim_id: string;
  service_date: string | null;
  body: string;
  seq: string | number;
  created_at: string;
  reversed_by: string | null;
  reason: string | null;
  reversed_at: string | null;
}

const ISO = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const SELECT_SETTLEMENT = `
SELECT s.id, s.status, s.institution_code, s.person_id, s.claim_id,
  to_char(s.service_date, 'YYYY-MM-DD') AS service_date, s.body::text AS body, s.seq,
  ${ISO('s.created_at')} AS created_at, r.reversed_by, r.reason, ${ISO('r.created_at')} AS reversed_at
FROM settlements s LEFT JOIN reversals r ON r.settlement_id = s.id`;

/** A stored settlement as read back: its body checked against the settlement schema. */
export type ReadSettlement = StoredSettlement & { readonly body: SettlementWire };

function fromRow(row: SettlementRow): ReadSettlement {
  return {
    id: row.id,
    status: row.status as StoredSettlement['status'],
    body: settlementWireOf(JSON.parse(row.body)),
    replayed: false,
    institutionCode: row.institution_code,
    personId: row.person_id,
    claimId: row.claim_id,
    ...(row.service_date === null ? {} : { serviceDate: row.service_date }),
    createdAt: row.created_at,
    ...(row.reversed_by === null
      ? {}
      : { reversal: { by: row.reversed_by, reason: row.reason ?? '', at: row.reversed_at ?? '' } }),
  };
}

export async function readSettlement(
  store: Store,
  id: string,
): Promise<ReadSettlement | undefined> {
  const [row] = await store.query<SettlementRow>(`${SELECT_SETTLEMENT} WHERE s.id = $1`, [id]);
  return row === undefined ? undefined : fromRow(row);
}

export interface SettlementFilter {
  readonly institutionCode?: string | undefined;
  readonly personId?: string | undefined;
  readonly claimId?: string | undefined;
  readonly status?: SettlementStatus | undefined;
  /** Service dates from (inclusive) … to (exclusive). */
  readonly serviceFrom?: string | undefined;
  readonly serviceTo?: string | undefined;
}

export interface SettlementPage {
  readonly items: readonly ReadSettlement[];
  /** Pass back as `after` for the next page; null on the last page. */
  readonly next: number | null;
}

/**
 * Settlements newest first, `limit` at a time. The cursor is the sequence number of the last row
 * seen, so a page never repeats or skips a row even while settlements are being written.
 */
export async function listSettlements(
  store: Store,
  filter: SettlementFilter,
  page: { readonly limit: number; readonly after?: number | undefined },
): Promise<SettlementPage> {
  const { conditions, params } = conditionsOf(filter);
  if (page.after !== undefined) {
    params.push(page.after);
    conditions.push(`s.seq < $${params.length}`);
  }
  params.push(page.limit + 1);
  const rows = await store.query<SettlementRow>(
    `${SELECT_SETTLEMENT} ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY s.seq DESC LIMIT $${params.length}`,
    params,
  );
  const items = rows.slice(0, page.limit).map((row) => fromRow(row));
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return { items, next: last === undefined ? null : Number(last.seq) };
}

/** One month of service dates: how many settlements, their total and each payer's part. */
export interface MonthTotals {
  /** `2025-06` — the month of the claim's service date (discharge, else admission). */
  readonly month: string;
  readonly settlements: number;
  /** Exact decimal strings with two places ("12345.60"). */
  readonly total: string;
  readonly payers: Readonly<Record<Party, string>>;
}

/** The SQL conditions (`$n` parameters) of a filter, shared by the list and the totals. */
function conditionsOf(filter: SettlementFilter): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    conditions.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.institutionCode !== undefined) add('s.institution_code = ?', filter.institutionCode);
  if (filter.personId !== undefined) add('s.person_id = ?', filter.personId);
  if (filter.claimId !== undefined) add('s.claim_id = ?', filter.claimId);
  if (filter.status !== undefined) add('s.status = ?', filter.status);
  if (filter.serviceFrom !== undefined) add('s.service_date >= ?::date', filter.serviceFrom);
  if (filter.serviceTo !== undefined) add('s.service_date < ?::date', filter.serviceTo);
  return { conditions, params };
}

// Party names come from SHARE_PARTIES (identifiers), never from input, so they can be column aliases.
const PAYER_SUMS = SHARE_PARTIES.map(
  (party) => `coalesce(sum((s.body->'payers'->>'${party}')::numeric), 0.00)::text AS "${party}"`,
).join(',\n  ');

/**
 * Settlement totals per month of service date, per payer: the same filter as `listSettlements`
 * (so the sums equal those of the listed settlements), summed exactly as PostgreSQL `numeric`
 * over the stored wire amounts (two decimals each, so the sums keep two — no rounding here).
 * Months without settlements are absent; oldest month first. Like the list, no `status` sums
 * settled and reversed settlements together: a report of what a fund paid asks for `settled`
 * (the API's totals do unless told otherwise).
 */
export async function settlementTotalsByMonth(
  store: Store,
  filter: SettlementFilter,
): Promise<readonly MonthTotals[]> {
  const { conditions, params } = conditionsOf(filter);
  // Rows written before the service-date column existed have no month to fall in.
  conditions.push('s.service_date IS NOT NULL');
  const rows = await store.query<Record<string, string | number>>(
    `SELECT to_char(s.service_date, 'YYYY-MM') AS month, count(*)::int AS settlements,
  coalesce(sum(s.total::numeric), 0.00)::text AS total,
  ${PAYER_SUMS}
FROM settlements s WHERE ${conditions.join(' AND ')}
GROUP BY 1 ORDER BY 1`,
    params,
  );
  return rows.map((row) => ({
    month: String(row['month']),
    settlements: Number(row['settlements']),
    total: String(row['total']),
    payers: Object.fromEntries(SHARE_PARTIES.map((party) => [party, String(row[party])])) as Record<
      Party,
      string
    >,
  }));
}

export async function readAccumulators(
  store: Store,
  personId: string,
  year: number,
): Promise<Accumulators> {
  const [row] = await store.query<{ body: string }>(
    'SELECT body::text AS body FROM accumulators WHERE person_id = $1 AND year = $2',
    [personId, year],
  );
  return row === undefined
    ? emptyAccumulators(personId as Accumulators['personId'], year)
    : accumulatorsSchema.parse(JSON.parse(row.body));
}

export async function countSettlements(store: Store): Promise<number> {
  const [row] = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM settlements');
  return row?.n ?? 0;
}

/** Whether an institution has ever settled a claim or requested an approval for a person. */
export async function institutionKnowsPerson(
  store: Store,
  institutionCode: string,
  personId: string,
): Promise<boolean> {
  const rows = await store.query(
    `SELECT 1 FROM settlements WHERE institution_code = $1 AND person_id = $2
     UNION ALL SELECT 1 FROM approvals WHERE institution_code = $1 AND person_id = $2 LIMIT 1`,
    [institutionCode, personId],
  );
  return rows.length > 0;
}
