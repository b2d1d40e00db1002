import { type Claim, calendarDate, claimSchema } from '@openpayer/domain';
import { demoAnomalyRules, demoKpiDefinitions, kpiValues } from '@openpayer/supervision';
import { type Store, openStore } from '../src/database.ts';
import { anomaliesOver, budgetsOver, kpiSums, refreshKpiFacts } from '../src/kpis.ts';
import { settleAndStore } from '../src/ledger.ts';
import { claimText } from '../src/__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from '../src/__fixtures__/demo.ts';
import { demoBudgets } from '@openpayer/supervision';

/**
 * KPIs over a large stored ledger (issue: ≤ 2 s over 1,000,000 settlements on PostgreSQL).
 *
 *   OPENPAYER_BENCH_DATABASE_URL=postgres://…/db KPI_BENCH_N=1000000 \
 *     pnpm --filter @openpayer/persistence bench:kpi
 *
 * Without a URL it runs on the embedded database with 50,000 settlements. The ledger is made of
 * six real settlements (settled and stored by the ledger: in-catalog and out-of-catalog lines,
 * EGFR tests positive and negative, a complication), copied in SQL to N rows over 60
 * institutions of three tiers, 8 departments, 3,000 doctors and the 12 months of 2025. Then:
 * the facts are derived (refreshKpiFacts, timed), and each query is timed (best of 3) next to a
 * neutral baseline in the same run: one scan summing the settlements' totals over the year
 * (SELECT sum(total::numeric) … WHERE service_date in 2025). The ratio is query ÷ baseline.
 * Indexes used: kpi_facts_date (service_date), kpi_facts_institution (institution_code,
 * service_date); no rollup (the facts are one narrow row per settlement, measures in jsonb).
 */

const url = process.env['OPENPAYER_BENCH_DATABASE_URL'];
/** KPI_BENCH_REUSE=1: time the queries over the ledger and facts a previous run left (PostgreSQL). */
const reuse = url !== undefined && process.env['KPI_BENCH_REUSE'] === '1';
const N = Number(process.env['KPI_BENCH_N'] ?? (url === undefined ? 50_000 : 1_000_000));
const defs = demoKpiDefinitions();
if (!defs.ok) throw new Error('demo KPI definitions');
const kpis = defs.value;
const rules = demoAnomalyRules(kpis);
const budgets = demoBudgets(kpis);
if (!rules.ok || !budgets.ok) throw new Error('demo rules / budgets');

async function fresh(): Promise<Store> {
  if (url === undefined) return openStore();
  if (reuse) return openStore({ url });
  const reset = await openStore({ url });
  await reset.query('DROP SCHEMA public CASCADE');
  await reset.query('CREATE SCHEMA public');
  await reset.query('DROP TABLE IF EXISTS openpayer_migrations');
  await reset.close();
  return openStore({ url });
}

const { policy, catalog } = demoPolicyAndCatalog();
const store = await fresh();
const log = (text: string) => process.stdout.write(`${text}\n`);
log(`KPI bench on ${store.kind}, ${N.toLocaleString('en')} settlements`);

const time = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now();
  const v = await work();
  return [performance.now() - t, v];
};

if (!reuse) await buildLedger();

async function buildLedger(): Promise<void> {
  // Six real settlements: the templates.
  const variants: Partial<Claim>[] = [
    {},
    { evidence: [{ kind: 'biomarker', test: 'EGFR', result: 'positive', date: '2025-06-09' }] },
    { evidence: [{ kind: 'biomarker', test: 'EGFR', result: 'negative', date: '2025-06-09' }] },
    { outcomes: [{ kind: 'complication', code: 'T81.400', date: '2025-06-12' }] },
    {},
    {},
  ] as never;
  for (const [i, extra] of variants.entries()) {
    const base = JSON.parse(claimText(`T${String(i)}`, '2000.00', `P-T${String(i)}`)) as Claim;
    const lines =
      i >= 4
        ? [
            ...base.lines,
            {
              ...base.lines[0],
              id: 'L2',
              code: 'XZ99ZZZ999A001010100001',
              name: '目录外药品',
              unitPrice: '300.00',
              amount: '300.00',
            },
          ]
        : base.lines;
    const text = JSON.stringify({
      ...base,
      ...extra,
      lines,
      totalAmount: i >= 4 ? '2300.00' : '2000.00',
    });
    const r = await settleAndStore(store, {
      id: `T${String(i)}`,
      claim: claimSchema.parse(JSON.parse(text)),
      policy,
      catalog,
      principal: 'bench',
      idempotencyKey: undefined,
      requestText: text,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
  }

  // Copy them to N settlements (and their claims), in SQL, 100,000 at a time.
  const [copyMs] = await time(async () => {
    const INST = `'H230100' || lpad((g % 60)::text, 5, '0')`;
    const TIER = `(ARRAY['primary','secondary','tertiary'])[(g % 60) % 3 + 1]`;
    const DATE = `make_date(2025, 1 + (g / 7) % 12, 1 + g % 28)`;
    for (let from = 1; from <= N; from += 100_000) {
      const to = Math.min(N, from + 99_999);
      await store.query(
        `INSERT INTO settlements (id, claim_id, institution_code, person_id, year, status, policy_id,
                               catalog_release_id, total, body, service_date)
       SELECT 'S' || g, 'C' || g, ${INST}, 'P' || (g % 200000), 2025, 'settled', t.policy_id,
              t.catalog_release_id, t.total, t.body, ${DATE}
         FROM generate_series($1::int, $2::int) g
         JOIN settlements t ON t.id = 'T' || (g % 6)`,
        [from, to],
      );
      await store.query(
        `INSERT INTO settlement_claims (person_id, settlement_id, claim, approvals)
       SELECT 'P' || (g % 200000), 'S' || g,
              c.claim || jsonb_build_object(
                'id', 'C' || g,
                'institution', jsonb_build_object('code', ${INST}, 'name', '示范医院',
                                                  'tier', ${TIER}, 'region', '230100'),
                'department', (ARRAY['oncology','cardiology','respiratory','orthopaedics',
                                     'urology','neurology','paediatrics','general-surgery'])[g % 8 + 1],
                'attendingPrescriber', jsonb_build_object('id', 'D' || (g % 3000)),
                'admissionDate', ${DATE}::text, 'dischargeDate', ${DATE}::text),
              NULL
         FROM generate_series($1::int, $2::int) g
         JOIN settlement_claims c ON c.settlement_id = 'T' || (g % 6)`,
        [from, to],
      );
    }
    // The templates themselves are not part of the measured ledger.
    await store.query("DELETE FROM settlement_claims WHERE settlement_id LIKE 'T%'");
    await store.query("DELETE FROM settlements WHERE id LIKE 'T%'");
    if (store.kind === 'postgres') await store.query('VACUUM ANALYZE settlements');
  });
  log(`ledger copied in ${(copyMs / 1000).toFixed(1)} s`);

  const [refreshMs, refreshed] = await time(() => refreshKpiFacts(store, kpis, { batch: 5000 }));
  log(
    `facts derived: ${refreshed.added.toLocaleString('en')} in ${(refreshMs / 1000).toFixed(1)} s (${String(Math.round(refreshed.added / (refreshMs / 1000)))} settlements/s)`,
  );
  if (store.kind === 'postgres') await store.query('VACUUM ANALYZE kpi_facts');
}

const best = async <T>(work: () => Promise<T>): Promise<[number, T]> => {
  let out: [number, T] | undefined;
  for (let i = 0; i < 3; i++) {
    const r = await time(work);
    if (out === undefined || r[0] < out[0]) out = r;
  }
  return out as [number, T];
};

const year = { from: calendarDate('2025-01-01'), to: calendarDate('2026-01-01') };
const [baselineMs] = await best(() =>
  store.query(
    "SELECT count(*), sum(total::numeric) FROM settlements WHERE service_date >= '2025-01-01' AND service_date < '2026-01-01'",
  ),
);
log(`baseline (one scan of the year's settlements, Σ total): ${baselineMs.toFixed(0)} ms`);

const queries: [string, () => Promise<number>][] = [
  [
    'every KPI by institution, the year',
    async () => {
      const s = await kpiSums(store, kpis, { ...year, by: ['institution'] });
      return kpiValues(kpis, s.rows, { fund: s.fund }).length;
    },
  ],
  [
    'every KPI by institution × month, the year',
    async () => {
      const s = await kpiSums(store, kpis, { ...year, by: ['institution', 'month'] });
      return kpiValues(kpis, s.rows, { fund: s.fund }).length;
    },
  ],
  [
    'every KPI by doctor, one institution, the year',
    async () => {
      const s = await kpiSums(store, kpis, {
        ...year,
        by: ['doctor'],
        institution: 'H23010000007',
      });
      return kpiValues(kpis, s.rows, { fund: s.fund }).length;
    },
  ],
  [
    'three KPIs by department × month, a quarter',
    async () => {
      const s = await kpiSums(store, kpis, {
        from: calendarDate('2025-04-01'),
        to: calendarDate('2025-07-01'),
        by: ['department', 'month'],
        kpis: ['cost_per_case', 'out_of_catalog_share', 'egfr_positivity_rate'],
      });
      return kpiValues(kpis, s.rows, {
        kpis: ['cost_per_case', 'out_of_catalog_share', 'egfr_positivity_rate'],
        fund: s.fund,
      }).length;
    },
  ],
  [
    'the demo anomaly rules, the year',
    async () => (await anomaliesOver(store, kpis, rules.value, year)).length,
  ],
  [
    'the demo budgets on 2025-12-31',
    async () => {
      const r = await budgetsOver(store, kpis, budgets.value, {
        asOf: calendarDate('2025-12-31'),
      });
      return r.ok ? r.value.length : -1;
    },
  ],
];
for (const [name, work] of queries) {
  const [ms, rows] = await best(work);
  log(
    `${name.padEnd(48)} ${ms.toFixed(0).padStart(6)} ms  (${String(rows)} values; ${(ms / baselineMs).toFixed(2)}× the baseline)`,
  );
}
await store.close();
