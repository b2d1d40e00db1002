import { createHash } from 'node:crypto';
import {
  type CalendarDate,
  type ClaimWire,
  Money,
  type Result,
  addDays,
  addMonths,
  calendarDate,
  daysBetween,
  ok,
  serviceDateOf,
} from '@openpayer/domain';
import {
  type Anomaly,
  type AnomalyRuleSet,
  type BudgetIssueCode,
  type BudgetSet,
  type BudgetStatus,
  budgetMeasure,
  budgetStatus,
  detectAnomalies,
  totalSums,
  type FactClaim,
  type FactSettlement,
  type SettlementFacts,
  type FundSums,
  type KpiDefinitionSet,
  type KpiGroup,
  type KpiGroupSums,
  type MeasureRef,
  type MeasureSums,
  measureKey,
  measuresOf,
  settlementFacts,
} from '@openpayer/supervision';
import type { SqlRunner, Store } from './database.ts';

/**
 * KPIs over the stored ledger. `refreshKpiFacts` derives each settled settlement's facts once
 * (supervision's `settlementFacts`) into `kpi_facts`; `kpiSums` sums them in SQL — numeric, exact,
 * on PGlite and PostgreSQL alike — per institution, department, doctor and month over any period,
 * and the DRG weights of the stored reconciliations for the case-mix index. The KPI values, the
 * anomalies and the budgets are computed from these sums by the engine.
 */

export interface RefreshResult {
  /** Facts added, and removed for settlements reversed since. */
  readonly added: number;
  readonly removed: number;
  /** The definitions changed: every fact was derived again. */
  readonly rebuilt: boolean;
  readonly lastSeq: string;
}

const fingerprint = (set: KpiDefinitionSet) =>
  `${set.id}:${createHash('sha256').update(JSON.stringify(set)).digest('hex').slice(0, 16)}`;

interface LedgerRow {
  id: string;
  seq: string;
  status: string;
  body: string;
  claim: string | null;
}

/**
 * Brings the facts up to the ledger: derives those of the settlements stored since the last
 * refresh (in batches of `batch`, each batch one transaction), drops those of settlements
 * reversed since, and starts over when the definitions are not the ones the facts were derived
 * with.
 *
 * The watermark (`last_seq`) is not simply the last settlement read: a settlement's `seq` is
 * drawn when its transaction inserts it, and a transaction that drew a lower one may commit after
 * a higher one was read (concurrent group commits, several servers). So each refresh reads every
 * settlement after the watermark that has no facts yet, and the watermark moves only past
 * settlements whose transactions began over a minute before this refresh (one still open then
 * would be a minute long: settling takes milliseconds).
 */
export async function refreshKpiFacts(
  store: Store,
  set: KpiDefinitionSet,
  options: { readonly batch?: number } = {},
): Promise<RefreshResult> {
  const batch = options.batch ?? 2000;
  const definitions = fingerprint(set);
  const [state] = await store.query<{ definitions: string; last_seq: string }>(
    'SELECT definitions, last_seq::text AS last_seq FROM kpi_fact_state WHERE id = 1',
  );
  let rebuilt = false;
  let lastSeq = state?.last_seq ?? '0';
  if (state === undefined || state.definitions !== definitions) {
    rebuilt = state !== undefined;
    await store.transaction(async (tx) => {
      await tx.query('DELETE FROM kpi_facts');
      await tx.query(
        `INSERT INTO kpi_fact_state (id, definitions, last_seq, reversals_checked_at)
         VALUES (1, $1, 0, now())
         ON CONFLICT (id) DO UPDATE SET definitions = $1, last_seq = 0, reversals_checked_at = now()`,
        [definitions],
      );
    });
    lastSeq = '0';
  }
  // Before reading: what the watermark may move to once the rows up to it are read.
  const [settledBefore] = await store.query<{ seq: string | null }>(
    `SELECT max(seq)::text AS seq FROM settlements
      WHERE seq > $1 AND created_at < now() - interval '1 minute'`,
    [lastSeq],
  );
  let added = 0;
  let cursor = lastSeq;
  for (;;) {
    const rows = await store.query<LedgerRow>(
      `SELECT s.id, s.seq::text AS seq, s.status, s.body::text AS body, c.claim::text AS claim
         FROM settlements s
         LEFT JOIN settlement_claims c ON c.person_id = s.person_id AND c.settlement_id = s.id
        WHERE s.seq > $1
          AND NOT EXISTS (SELECT 1 FROM kpi_facts f WHERE f.settlement_id = s.id)
        ORDER BY s.seq
        LIMIT $2`,
      [cursor, batch],
    );
    const last = rows[rows.length - 1];
    if (last === undefined) break;
    const facts = rows.flatMap((r): StoredFacts[] => {
      if (r.status !== 'settled' || r.claim === null) return [];
      // Written by the ledger from the engine's encoded values (settlementSchema, claimSchema).
      const claim = JSON.parse(r.claim) as FactClaim &
        Pick<ClaimWire, 'admissionDate' | 'dischargeDate'>;
      const f = settlementFacts(set, JSON.parse(r.body) as FactSettlement, claim);
      return [{ ...f, id: r.id, seq: r.seq, date: serviceDateOf(claim) }];
    });
    await insertKpiFacts(store, facts);
    added += facts.length;
    cursor = last.seq;
    if (rows.length < batch) break;
  }
  const movable = settledBefore?.seq ?? null;
  if (movable !== null) {
    await store.query('UPDATE kpi_fact_state SET last_seq = greatest(last_seq, $1) WHERE id = 1', [
      movable,
    ]);
    lastSeq = BigInt(movable) > BigInt(lastSeq) ? movable : lastSeq;
  }
  // Reversals: the settlements reversed since the last check (a margin of a minute, as a
  // reversal's clock may lag the check's; deleting twice is harmless).
  const removed = await store.transaction(async (tx) => {
    const [check] = await tx.query<{ at: string }>(
      'SELECT reversals_checked_at::text AS at FROM kpi_fact_state WHERE id = 1',
    );
    const gone = await tx.query<{ id: string }>(
      `DELETE FROM kpi_facts f USING settlements s
        WHERE s.reversed_at IS NOT NULL AND s.reversed_at >= $1::timestamptz - interval '1 minute'
          AND f.settlement_id = s.id
        RETURNING f.settlement_id AS id`,
      [check?.at ?? '-infinity'],
    );
    await tx.query('UPDATE kpi_fact_state SET reversals_checked_at = now() WHERE id = 1');
    return gone.length;
  });
  return { added, removed, rebuilt, lastSeq };
}

/** One settlement's facts as stored: its id, ledger position and service date. */
export interface StoredFacts extends SettlementFacts {
  readonly id: string;
  readonly seq: string;
  readonly date: string;
}

/**
 * Writes facts rows (those of a settlement already there are kept). `refreshKpiFacts` writes the
 * ledger's; a batch tool may write the facts of a results file into an embedded store of its own
 * and read them with `kpiSums`, the same SQL.
 */
export async function insertKpiFacts(db: SqlRunner, facts: readonly StoredFacts[]): Promise<void> {
  if (facts.length === 0) return;
  await db.query(
    `INSERT INTO kpi_facts
       (settlement_id, seq, institution_code, tier, department, doctor, service_date, measures)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[],
                          $6::text[], $7::date[], $8::jsonb[])
     ON CONFLICT (settlement_id) DO NOTHING`,
    [
      facts.map((f) => f.id),
      facts.map((f) => f.seq),
      facts.map((f) => f.institution),
      facts.map((f) => f.tier),
      facts.map((f) => f.department),
      facts.map((f) => f.doctor),
      facts.map((f) => f.date),
      facts.map((f) => JSON.stringify(f.measures)),
    ],
  );
}

export const KPI_DIMENSIONS = ['institution', 'department', 'doctor', 'month'] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

export interface KpiQuery {
  /** [from, to): service dates. */
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly by: readonly KpiDimension[];
  readonly institution?: string | undefined;
  readonly department?: string | undefined;
  readonly doctor?: string | undefined;
  /** Only institutions of this region (the 6 digits after H/P in their code). */
  readonly region?: string | undefined;
  /** Only the measures these KPIs read; all when absent. */
  readonly kpis?: readonly string[] | undefined;
  /** Only these measures (no growth, no fund scope): what a budget reads. Overrides `kpis`. */
  readonly measures?: readonly MeasureRef[] | undefined;
  /** The fund's sums of every measure, not only those read with the fund's scope (anomalies). */
  readonly fundAll?: boolean | undefined;
}

export interface KpiSums {
  readonly rows: readonly KpiGroupSums[];
  /** The fund's sums (every institution of the region) over the period, the period before, and by month. */
  readonly fund: FundSums;
}

const COLUMN: Record<KpiDimension, string> = {
  institution: 'institution_code',
  department: 'department',
  doctor: 'doctor',
  month: "to_char(service_date, 'YYYY-MM')",
};

function refsOf(set: KpiDefinitionSet, kpis: readonly string[] | undefined): MeasureRef[] {
  const defs = kpis === undefined ? set.kpis : set.kpis.filter((k) => kpis.includes(k.id));
  return defs.flatMap((k) => (k.kind === 'ratio' ? [k.numerator, k.denominator] : [k.measure]));
}

interface SumRow extends Partial<Record<string, string>> {
  institution_code?: string;
  tier?: string;
  department?: string;
  doctor?: string;
  month?: string;
  n?: string;
}

/**
 * The conditions of a period and the entity filters on `table`'s columns (facts:
 * service_date, institution_code, department, doctor), their values appended to `params`.
 */
function conditions(
  params: unknown[],
  range: { readonly from: CalendarDate; readonly to: CalendarDate },
  filter: Pick<KpiQuery, 'institution' | 'department' | 'doctor' | 'region'>,
  columns: { readonly date: string; readonly institution: string } = {
    date: 'service_date',
    institution: 'institution_code',
  },
): string[] {
  const where: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${String(params.length)}`));
  };
  add(`${columns.date} >= ?`, range.from);
  add(`${columns.date} < ?`, range.to);
  if (filter.institution !== undefined) add(`${columns.institution} = ?`, filter.institution);
  if (filter.department !== undefined) add('department = ?', filter.department);
  if (filter.doctor !== undefined) add('doctor = ?', filter.doctor);
  // The region: the 6 digits after the H/P of an institution code.
  if (filter.region !== undefined) add(`substr(${columns.institution}, 2, 6) = ?`, filter.region);
  return where;
}

/** Σ of each measure per group, in SQL, over [from, to). */
async function sumFacts(
  db: SqlRunner,
  keys: readonly string[],
  range: { readonly from: CalendarDate; readonly to: CalendarDate },
  by: readonly KpiDimension[],
  filter: Pick<KpiQuery, 'institution' | 'department' | 'doctor' | 'region'>,
): Promise<{ group: KpiGroup; sums: MeasureSums }[]> {
  const params: unknown[] = [];
  const where = conditions(params, range, filter);
  const dims = by.map((d) => `${COLUMN[d]} AS ${d === 'institution' ? 'institution_code' : d}`);
  if (by.includes('institution')) dims.push('min(tier) AS tier');
  const sums = keys.map((k, i) => {
    params.push(k);
    return `sum(coalesce((measures ->> $${String(params.length)})::numeric, 0))::text AS m${String(i)}`;
  });
  const groupBy = by.map((d) => COLUMN[d]);
  const rows = await db.query<SumRow>(
    `SELECT ${[...dims, ...sums, 'count(*) AS n'].join(', ')}
       FROM kpi_facts WHERE ${where.join(' AND ')}
       ${groupBy.length === 0 ? '' : `GROUP BY ${groupBy.join(', ')} ORDER BY ${groupBy.join(', ')}`}`,
    params,
  );
  return rows
    .filter((r) => groupBy.length > 0 || Number(r.n) > 0)
    .map((r) => ({
      group: groupOf(r, by),
      sums: Object.fromEntries(
        keys.flatMap((k, i) => {
          const v = r[`m${String(i)}`];
          return v === undefined || v === '0' ? [] : [[k, v]];
        }),
      ),
    }));
}

function groupOf(r: SumRow, by: readonly KpiDimension[]): KpiGroup {
  return {
    ...(by.includes('institution')
      ? { institution: r.institution_code ?? '', tier: r.tier ?? '' }
      : {}),
    ...(by.includes('department') ? { department: r.department ?? '' } : {}),
    ...(by.includes('doctor') ? { doctor: r.doctor ?? '' } : {}),
    ...(by.includes('month') ? { month: r.month ?? '' } : {}),
  };
}

const DRG_KEYS = [measureKey({ measure: 'drg_weight' }), measureKey({ measure: 'drg_cases' })];

/** Σ DRG weights and the DRG cases of the stored reconciliations, by discharge date. */
async function sumDrg(
  db: SqlRunner,
  range: { readonly from: CalendarDate; readonly to: CalendarDate },
  by: readonly KpiDimension[],
  filter: Pick<KpiQuery, 'institution' | 'region'>,
): Promise<Map<string, MeasureSums>> {
  const params: unknown[] = [];
  const where = [
    "r.method = 'drg'",
    "c ? 'weight'",
    ...conditions(params, range, filter, {
      date: "(c ->> 'dischargeDate')::date",
      institution: 'r.institution_code',
    }),
  ];
  const rows = await db.query<{ institution_code: string; month: string; w: string; n: string }>(
    `SELECT r.institution_code, to_char((c ->> 'dischargeDate')::date, 'YYYY-MM') AS month,
            sum((c ->> 'weight')::numeric)::text AS w, count(*)::text AS n
       FROM reconciliations r, jsonb_array_elements(r.body -> 'cases') c
      WHERE ${where.join(' AND ')}
      GROUP BY 1, 2`,
    params,
  );
  const out = new Map<string, MeasureSums>();
  for (const r of rows) {
    const k = drgGroupKey(
      by.includes('institution') ? r.institution_code : undefined,
      by.includes('month') ? r.month : undefined,
    );
    const row = { [DRG_KEYS[0] as string]: r.w, [DRG_KEYS[1] as string]: r.n };
    out.set(k, totalSums([out.get(k) ?? {}, row]));
  }
  return out;
}

const drgGroupKey = (institution: string | undefined, month: string | undefined) =>
  `${institution ?? ''}|${month ?? ''}`;

/** The months of [from, to) (`2025-01` …). */
export function monthsOf(from: CalendarDate, to: CalendarDate): string[] {
  const out: string[] = [];
  for (let m = calendarDate(`${from.slice(0, 7)}-01`); m < to; m = addMonths(m, 1)) {
    out.push(m.slice(0, 7));
  }
  return out;
}

/**
 * The sums KPIs are computed from: per group of `by` over [from, to), each with the same group's
 * sums over the period before (the previous month for rows by month, else the period of equal
 * length before `from`), and the fund's (every institution of the region, the entity filters
 * ignored) over the period, the period before and by month.
 */
export async function kpiSums(store: Store, set: KpiDefinitionSet, q: KpiQuery): Promise<KpiSums> {
  const refs = q.measures ?? (q.kpis === undefined ? measuresOf(set) : refsOf(set, q.kpis));
  const factKeys = [
    ...new Set(
      refs.filter((r) => r.measure !== 'drg_weight' && r.measure !== 'drg_cases').map(measureKey),
    ),
  ].sort();
  const wantsDrg = refs.some((r) => r.measure === 'drg_weight' || r.measure === 'drg_cases');
  const fundKeys =
    q.fundAll === true
      ? factKeys
      : [...new Set(refs.filter((r) => r.scope === 'fund').map(measureKey))].sort();
  const byMonth = q.by.includes('month');
  const before = byMonth
    ? { from: addMonths(calendarDate(`${q.from.slice(0, 7)}-01`), -1), to: q.from }
    : { from: addDays(q.from, -daysBetween(q.from, q.to)), to: q.from };
  const filter = {
    institution: q.institution,
    department: q.department,
    doctor: q.doctor,
    region: q.region,
  };
  // The period before is read only for what growth KPIs compare (rows by month find the month
  // before among the period's own rows, but for its first month).
  const defs =
    q.measures !== undefined
      ? []
      : q.kpis === undefined
        ? set.kpis
        : set.kpis.filter((k) => q.kpis?.includes(k.id));
  const growthRefs = defs.flatMap((k) => (k.kind === 'growth' ? [k.measure] : []));
  const prevKeys = [
    ...new Set(
      growthRefs
        .filter((r) => r.measure !== 'drg_weight' && r.measure !== 'drg_cases')
        .map(measureKey),
    ),
  ].sort();
  const prevDrg = growthRefs.some((r) => r.measure === 'drg_weight' || r.measure === 'drg_cases');
  const prevFundKeys = [
    ...new Set(growthRefs.filter((r) => r.scope === 'fund').map(measureKey)),
  ].sort();
  // Reconciliations know institutions and discharge dates, not departments or doctors.
  const drgApplies =
    wantsDrg &&
    q.department === undefined &&
    q.doctor === undefined &&
    !q.by.includes('department') &&
    !q.by.includes('doctor');
  const drgFilter = { institution: q.institution, region: q.region };
  const region = { region: q.region };
  const none = Promise.resolve([] as { group: KpiGroup; sums: MeasureSums }[]);
  // Rows of every institution of the region (no entity filter) are the fund already: its sums
  // are theirs, added up, without a second scan.
  const unfiltered =
    q.institution === undefined && q.department === undefined && q.doctor === undefined;
  const noDrg = Promise.resolve(new Map<string, MeasureSums>());
  const [now, prev, drgNow, drgPrev, fundMonths, fundPrev] = await Promise.all([
    sumFacts(store, factKeys, q, q.by, filter),
    prevKeys.length === 0 ? none : sumFacts(store, prevKeys, before, q.by, filter),
    drgApplies ? sumDrg(store, q, q.by, drgFilter) : noDrg,
    drgApplies && prevDrg ? sumDrg(store, before, q.by, drgFilter) : noDrg,
    fundKeys.length === 0 || unfiltered ? none : sumFacts(store, fundKeys, q, ['month'], region),
    prevFundKeys.length === 0 ? none : sumFacts(store, prevFundKeys, before, [], region),
  ]);
  const drgAll = new Map([...drgPrev, ...drgNow]);
  const idOf = (g: KpiGroup) => [g.institution ?? '', g.department ?? '', g.doctor ?? ''].join('|');
  const prevMonth = (m: string) => addMonths(calendarDate(`${m}-01`), -1).slice(0, 7);
  // Rows by month find the month before among both; other rows their group over the period before.
  const factsOf = new Map([
    ...[...prev, ...now]
      .filter((r) => r.group.month !== undefined)
      .map((r) => [`${idOf(r.group)}#${r.group.month ?? ''}`, r.sums] as const),
    ...prev
      .filter((r) => r.group.month === undefined)
      .map((r) => [`${idOf(r.group)}#before`, r.sums] as const),
  ]);
  const rows: KpiGroupSums[] = now.map((r) => {
    const month = r.group.month;
    const previousMonth = month === undefined ? undefined : prevMonth(month);
    const previous =
      previousMonth === undefined
        ? factsOf.get(`${idOf(r.group)}#before`)
        : factsOf.get(`${idOf(r.group)}#${previousMonth}`);
    const drgBefore =
      previousMonth === undefined
        ? drgPrev.get(drgGroupKey(r.group.institution, undefined))
        : drgAll.get(drgGroupKey(r.group.institution, previousMonth));
    return {
      group: r.group,
      sums: { ...r.sums, ...(drgNow.get(drgGroupKey(r.group.institution, month)) ?? {}) },
      previous: { ...(previous ?? {}), ...(drgBefore ?? {}) },
    };
  });
  const only = (sums: MeasureSums): MeasureSums =>
    Object.fromEntries(fundKeys.flatMap((k) => (sums[k] === undefined ? [] : [[k, sums[k]]])));
  const fundRows = unfiltered
    ? now.map((r) => ({ group: r.group, sums: only(r.sums) }))
    : fundMonths;
  const byMonthOf = new Map<string, MeasureSums[]>();
  for (const r of fundRows) {
    const month = r.group.month;
    if (month === undefined) continue;
    byMonthOf.set(month, [...(byMonthOf.get(month) ?? []), r.sums]);
  }
  return {
    rows,
    fund: {
      total: totalSums(fundRows.map((r) => r.sums)),
      previous: fundPrev[0]?.sums ?? {},
      byMonth: Object.fromEntries([...byMonthOf].map(([m, all]) => [m, totalSums(all)])),
    },
  };
}

/** The anomalies of a period: the rules over the KPIs' monthly sums by institution and the fund's. */
export async function anomaliesOver(
  store: Store,
  set: KpiDefinitionSet,
  rules: AnomalyRuleSet,
  q: {
    readonly from: CalendarDate;
    readonly to: CalendarDate;
    readonly region?: string | undefined;
  },
): Promise<Anomaly[]> {
  // Only the KPIs the rules read.
  const kpis = [
    ...new Set(
      rules.rules.flatMap((r) => [
        r.kpi,
        ...('with' in r && r.with !== undefined ? [r.with.kpi] : []),
      ]),
    ),
  ];
  const sums = await kpiSums(store, set, {
    ...q,
    by: ['institution', 'month'],
    kpis,
    fundAll: true,
  });
  return detectAnomalies(rules, {
    kpis: set,
    rows: sums.rows,
    fundByMonth: sums.fund.byMonth ?? {},
    months: monthsOf(q.from, q.to),
  });
}

/**
 * The budgets' status on `asOf`: each entry's fund spend of its year up to that day (its
 * institution's, its category's, or the fund's), forecast at the run rate.
 */
export async function budgetsOver(
  store: Store,
  set: KpiDefinitionSet,
  budgets: BudgetSet,
  q: { readonly asOf: CalendarDate; readonly region?: string | undefined },
): Promise<Result<BudgetStatus[], BudgetIssueCode>> {
  const from = calendarDate(`${String(budgets.year)}-01-01`);
  const yearEnd = calendarDate(`${String(budgets.year + 1)}-01-01`);
  const next = addDays(q.asOf, 1);
  const to = next < yearEnd ? next : yearEnd;
  const sums =
    to <= from
      ? { rows: [] }
      : await kpiSums(store, set, {
          from,
          to,
          by: ['institution'],
          region: q.region,
          measures: budgets.entries.map((e) => budgetMeasure(e)),
        });
  const byInstitution = new Map(sums.rows.map((r) => [r.group.institution ?? '', r.sums]));
  const fund = totalSums(sums.rows.map((r) => r.sums));
  const out: BudgetStatus[] = [];
  for (const entry of budgets.entries) {
    const of =
      entry.institution === undefined ? fund : (byInstitution.get(entry.institution) ?? {});
    const spent = Money.of(of[measureKey(budgetMeasure(entry))] ?? '0');
    const status = budgetStatus(budgets, entry, spent, q.asOf);
    if (!status.ok) return status;
    out.push(status.value);
  }
  return ok(out);
}

/** Candidates for manual review (抽查): the settled settlements of a period, by their facts. */
export interface ReviewCandidate {
  readonly id: string;
  /** The settlement's total (yuan, fixed point). */
  readonly amount: string;
  /** The peer group it is compared within: its institution's department. */
  readonly group: string;
}

/**
 * The settled settlements of [from, to) (an institution's, or the region's) as sampling
 * candidates, at most `limit` (undefined: more than that, narrow the period).
 */
export async function reviewCandidates(
  store: Store,
  q: {
    readonly from: CalendarDate;
    readonly to: CalendarDate;
    readonly institution?: string | undefined;
    readonly region?: string | undefined;
    readonly limit: number;
  },
): Promise<ReviewCandidate[] | undefined> {
  const params: unknown[] = [q.limit + 1, measureKey({ measure: 'total' })];
  const where = conditions(params, q, { institution: q.institution, region: q.region });
  const rows = await store.query<{ id: string; amount: string; grp: string }>(
    `SELECT settlement_id AS id, coalesce(measures ->> $2, '0') AS amount,
            institution_code || '/' || department AS grp
       FROM kpi_facts WHERE ${where.join(' AND ')} ORDER BY settlement_id LIMIT $1`,
    params,
  );
  if (rows.length > q.limit) return undefined;
  return rows.map((r) => ({
    id: r.id,
    amount: Money.of(r.amount).toFixedString(),
    group: r.grp,
  }));
}
