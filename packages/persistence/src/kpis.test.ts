import {
  type Claim,
  Decimal,
  Money,
  accountingPeriodOf,
  calendarDate,
  claimSchema,
} from '@openpayer/domain';
import { reconcileDrgClaims } from '@openpayer/pricing';
import { loadGrouperVersion, loadHarbinDrgParameters } from '@openpayer/pricing/node';
import {
  type KpiDefinitionSet,
  demoKpiDefinitions,
  kpiValues,
  loadAnomalyRules,
  loadBudgets,
  measureKey,
} from '@openpayer/supervision';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from './database.ts';
import { anomaliesOver, budgetsOver, kpiSums, monthsOf, refreshKpiFacts } from './kpis.ts';
import { reverseStored } from './ledger/reversal.ts';
import { recordReconciliation } from './reconciliations.ts';
import { type SettlementServices, settleClaim } from './settle-claim.ts';
import { backends } from './__fixtures__/backends.ts';
import { claimText } from './__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from './__fixtures__/demo.ts';

/**
 * KPIs over the stored ledger, on PGlite and (in CI) PostgreSQL: facts derived once per settled
 * settlement, summed in SQL by institution, department, doctor and month; a reversal leaves
 * them, new definitions rebuild them, and the case-mix index reads the reconciliations' weights.
 */

const { policy, catalog } = demoPolicyAndCatalog();
const loaded = demoKpiDefinitions();
if (!loaded.ok) throw new Error('demo KPI definitions');
const kpis = loaded.value;
const HOSPITAL = 'H23010300012';
const OTHER = 'H23010200007';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

let serial = 0;
const servicesOver = (s: Store): SettlementServices => ({
  store: s,
  now: () => new Date('2025-07-02T08:00:00Z'),
  catalogAt: () => Promise.resolve(catalog),
  policyAt: () => Promise.resolve(policy),
  randomHex: (bytes) => (serial++).toString(16).padStart(bytes * 2, '0'),
  ruleSetsAt: () => Promise.resolve([]),
});

interface Stay {
  id: string;
  amount: string;
  person: string;
  institution?: string;
  month?: string;
  department?: string;
  egfr?: ('positive' | 'negative')[];
  complication?: boolean;
  diagnosis?: string;
}

async function settle(s: Store, stay: Stay) {
  const base = JSON.parse(claimText(stay.id, stay.amount, stay.person)) as Claim;
  const month = stay.month ?? '2025-06';
  const claim = {
    ...base,
    admissionDate: `${month}-09`,
    dischargeDate: `${month}-15`,
    department: stay.department ?? 'oncology',
    ...(stay.diagnosis === undefined
      ? {}
      : { diagnoses: [{ code: stay.diagnosis, role: 'principal' }] }),
    lines: base.lines.map((l) => ({ ...l, date: `${month}-10` })),
    ...(stay.institution === undefined
      ? {}
      : {
          institution: {
            code: stay.institution,
            name: '示范二级医院',
            tier: 'secondary',
            region: '230100',
          },
        }),
    evidence: (stay.egfr ?? []).map((result) => ({
      kind: 'biomarker',
      test: 'EGFR',
      result,
      date: `${month}-09`,
    })),
    outcomes: stay.complication
      ? [{ kind: 'complication', code: 'T81.400', date: `${month}-12` }]
      : [],
  };
  const text = JSON.stringify(claim);
  const settled = await settleClaim(servicesOver(s), {
    claim: claimSchema.parse(JSON.parse(text)),
    principal: stay.institution ?? HOSPITAL,
    idempotencyKey: undefined,
    requestText: text,
  });
  if (!settled.ok) throw new Error(JSON.stringify(settled.issues));
  return settled.value;
}

const value = (rows: ReturnType<typeof kpiValues>, kpi: string, match: object = {}) =>
  rows.find(
    (v) =>
      v.kpi === kpi &&
      Object.entries(match).every(([k, x]) => (v.group as Record<string, unknown>)[k] === x),
  )?.value;

describe.each(backends('openpayer_test_kpis'))('KPIs over the ledger on $name', ({ open }) => {
  it('sums the facts by institution, department and month, exactly, and keeps up with reversals', async () => {
    store = await open();
    await settle(store, { id: 'K1', amount: '2000.00', person: 'P-000601', egfr: ['positive'] });
    const k2 = await settle(store, {
      id: 'K2',
      amount: '1000.00',
      person: 'P-000602',
      egfr: ['negative', 'positive'],
      complication: true,
    });
    await settle(store, {
      id: 'K3',
      amount: '333.33',
      person: 'P-000603',
      month: '2025-05',
      department: 'cardiology',
    });
    await settle(store, {
      id: 'K4',
      amount: '500.00',
      person: 'P-000604',
      institution: OTHER,
      egfr: ['negative'],
    });
    const first = await refreshKpiFacts(store, kpis);
    expect([first.added, first.removed, first.rebuilt]).toEqual([4, 0, false]);
    expect((await refreshKpiFacts(store, kpis)).added).toBe(0);

    const q = {
      from: calendarDate('2025-05-01'),
      to: calendarDate('2025-07-01'),
      by: ['institution'] as const,
    };
    const sums = await kpiSums(store, kpis, q);
    const byInst = kpiValues(kpis, sums.rows, { fund: sums.fund });
    expect(sums.rows.map((r) => [r.group.institution, r.group.tier])).toEqual([
      [OTHER, 'secondary'],
      [HOSPITAL, 'tertiary'],
    ]);
    const hospital = sums.rows.find((r) => r.group.institution === HOSPITAL)?.sums ?? {};
    expect(hospital[measureKey({ measure: 'total' })]).toBe('3333.33');
    expect(hospital[measureKey({ measure: 'cases' })]).toBe('3');
    expect(value(byInst, 'cost_per_case', { institution: HOSPITAL })).toBe('1111.11');
    expect(value(byInst, 'egfr_positivity_rate', { institution: HOSPITAL })).toBe('0.666667');
    expect(value(byInst, 'egfr_positivity_rate', { institution: OTHER })).toBe('0.000000');
    expect(value(byInst, 'complication_rate', { institution: HOSPITAL })).toBe('0.333333');
    // The in-catalog drug: all of it in the catalog, none out of it.
    expect(value(byInst, 'in_catalog_use_rate', { institution: HOSPITAL })).toBe('1.000000');
    expect(value(byInst, 'out_of_catalog_share', { institution: HOSPITAL })).toBe('0.000000');

    const byMonth = await kpiSums(store, kpis, {
      ...q,
      by: ['department', 'month'],
      institution: HOSPITAL,
    });
    expect(
      kpiValues(kpis, byMonth.rows, { kpis: ['cases', 'volume_growth'], fund: byMonth.fund }).map(
        (v) => [v.group.department, v.group.month, v.kpi, v.value],
      ),
    ).toEqual([
      ['cardiology', '2025-05', 'cases', '1'],
      ['cardiology', '2025-05', 'volume_growth', null],
      ['oncology', '2025-06', 'cases', '2'],
      ['oncology', '2025-06', 'volume_growth', null],
    ]);
    const byMonthOnly = await kpiSums(store, kpis, { ...q, by: ['month'], institution: HOSPITAL });
    expect(
      kpiValues(kpis, byMonthOnly.rows, { kpis: ['volume_growth'], fund: byMonthOnly.fund }).map(
        (v) => [v.group.month, v.numerator, v.denominator, v.value],
      ),
    ).toEqual([
      ['2025-05', '1', '0', null],
      ['2025-06', '2', '1', '1.000000'],
    ]);

    // The fund is every institution: the same whether the rows are filtered to one or not.
    const share = { ...q, kpis: ['egfr_targeted_fund_share'] };
    const filtered = await kpiSums(store, kpis, { ...share, by: ['month'], institution: HOSPITAL });
    const whole = await kpiSums(store, kpis, { ...share, by: ['month'] });
    expect(filtered.fund).toEqual(whole.fund);
    const fund = measureKey({ measure: 'fund' });
    expect(Object.keys(whole.fund.total)).toEqual([fund]);
    expect(
      Money.of(whole.fund.byMonth?.['2025-06']?.[fund] ?? '0')
        .add(Money.of(whole.fund.byMonth?.['2025-05']?.[fund] ?? '0'))
        .toFixedString(),
    ).toBe(Money.of(whole.fund.total[fund] ?? '0').toFixedString());

    // Budgets read the fund's payments of the year so far; anomaly rules the monthly sums.
    const budgets = loadBudgets(
      {
        format: 'openpayer.budgets/1',
        id: 'b',
        title: 'b',
        year: 2025,
        warnAt: ['0.8', '1'],
        entries: [
          { id: 'all', title: 'All', amount: '100000.00' },
          { id: 'h', title: 'H', institution: HOSPITAL, amount: '2000.00' },
        ],
      },
      kpis,
    );
    if (!budgets.ok) throw new Error(JSON.stringify(budgets.issues));
    const status = await budgetsOver(store, kpis, budgets.value, {
      asOf: calendarDate('2025-06-30'),
    });
    if (!status.ok) throw new Error(JSON.stringify(status.issues));
    const fundOf = (r: (typeof sums.rows)[number] | undefined) =>
      r?.sums[measureKey({ measure: 'fund' })] ?? '0';
    const hospitalFund = fundOf(sums.rows.find((r) => r.group.institution === HOSPITAL));
    const otherFund = fundOf(sums.rows.find((r) => r.group.institution === OTHER));
    expect(status.value.map((b) => [b.id, b.spent.toFixedString(), b.daysElapsed])).toEqual([
      ['all', Money.of(hospitalFund).add(Money.of(otherFund)).toFixedString(), 181],
      ['h', Money.of(hospitalFund).toFixedString(), 181],
    ]);
    const rules = loadAnomalyRules(
      {
        format: 'openpayer.anomaly-rules/1',
        id: 'r',
        title: 'r',
        rules: [
          {
            code: 'COST',
            title: 'Cost per case above 1,000',
            kind: 'threshold',
            kpi: 'cost_per_case',
            above: '1000',
            severity: 'info',
            action: 'watch',
          },
        ],
      },
      kpis,
    );
    if (!rules.ok) throw new Error(JSON.stringify(rules.issues));
    const found = await anomaliesOver(store, kpis, rules.value, q);
    expect(found.map((a) => [a.rule, a.institution, a.value, a.from, a.to])).toEqual([
      ['COST', HOSPITAL, '1111.11', '2025-05', '2025-06'],
    ]);

    // Reversed: its facts leave at the next refresh.
    const reversed = await reverseStored(store, k2.id, { by: 'admin-1', reason: 'test' });
    expect(reversed.ok).toBe(true);
    expect((await refreshKpiFacts(store, kpis)).removed).toBe(1);
    const after = kpiValues(kpis, (await kpiSums(store, kpis, q)).rows, {
      kpis: ['egfr_positivity_rate'],
    });
    expect(value(after, 'egfr_positivity_rate', { institution: HOSPITAL })).toBe('1.000000');

    // Other definitions: the facts are derived again.
    const other: KpiDefinitionSet = { ...kpis, id: 'other', kpis: kpis.kpis.slice(0, 4) };
    const rebuilt = await refreshKpiFacts(store, other);
    expect([rebuilt.added, rebuilt.rebuilt]).toEqual([3, true]);
  });

  it('takes the case-mix index from the weights of the stored DRG reconciliations', async () => {
    store = await open();
    const tables = loadGrouperVersion('harbin-2024');
    const parameters = loadHarbinDrgParameters();
    if (tables?.ok !== true || !parameters.ok) throw new Error('shipped DRG data');
    await settle(store, { id: 'D1', amount: '20000.00', person: 'P-000701', diagnosis: 'I50.900' });
    await settle(store, { id: 'D2', amount: '3000.00', person: 'P-000702', diagnosis: 'I50.900' });
    const q2 = accountingPeriodOf('2025-Q2');
    if (q2 === undefined) throw new Error('period');
    const recorded = await recordReconciliation(store, {
      id: 'rec_kpi',
      institution: HOSPITAL,
      period: q2,
      method: 'drg',
      by: 'admin-1',
      compute: (cases) =>
        reconcileDrgClaims(
          {
            policyAt: () => policy,
            grouperAt: () => tables.value,
            parameters: parameters.value,
          },
          { institution: HOSPITAL, tier: 'tertiary', region: '230100', period: q2, cases },
        ),
    });
    if (!recorded.ok) throw new Error(JSON.stringify(recorded.issues));
    const weights = recorded.value.stored.reconciliation.cases.map((c) => c.weight);
    expect(weights.every((w) => w !== undefined)).toBe(true);
    await refreshKpiFacts(store, kpis);
    const sums = await kpiSums(store, kpis, {
      from: q2.start,
      to: q2.end,
      by: ['institution'],
      kpis: ['case_mix_index'],
    });
    const [cmi] = kpiValues(kpis, sums.rows, { kpis: ['case_mix_index'] });
    const mean = weights
      .reduce((s: Decimal, w) => s.plus(w ?? 0), new Decimal(0))
      .dividedBy(weights.length);
    expect(cmi?.value).toBe(mean.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4));
    expect(cmi?.denominator).toBe('2');
  });
  it('reads past a settlement only once it is a minute old: one committed late still gets its facts', async () => {
    store = await open();
    const a = await settle(store, { id: 'K-LATE-1', amount: '2000.00', person: 'P-000611' });
    const b = await settle(store, { id: 'K-LATE-2', amount: '1000.00', person: 'P-000612' });
    // A and B began five minutes ago: the watermark moves past them.
    await store.query(
      "UPDATE settlements SET created_at = now() - interval '5 minutes' WHERE id = ANY($1)",
      [[a.id, b.id]],
    );
    expect((await refreshKpiFacts(store, kpis)).added).toBe(2);
    const seqOf = async (id: string) =>
      (
        await store?.query<{ seq: string }>(
          'SELECT seq::text AS seq FROM settlements WHERE id = $1',
          [id],
        )
      )?.[0]?.seq;
    const watermark = async () =>
      (await store?.query<{ s: string }>('SELECT last_seq::text AS s FROM kpi_fact_state'))?.[0]?.s;
    expect(await watermark()).toBe(await seqOf(b.id));

    // C is just settled: derived, but the watermark stays before it.
    const c = await settle(store, { id: 'K-LATE-3', amount: '500.00', person: 'P-000613' });
    expect((await refreshKpiFacts(store, kpis)).added).toBe(1);
    expect(await watermark()).toBe(await seqOf(b.id));
    // As if C's transaction had committed only after that read (its facts missing): the next
    // refresh finds it, since the watermark never passed it.
    await store.query('DELETE FROM kpi_facts WHERE settlement_id = $1', [c.id]);
    expect((await refreshKpiFacts(store, kpis)).added).toBe(1);
    expect((await refreshKpiFacts(store, kpis)).added).toBe(0);
    const [count] = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM kpi_facts');
    expect(count?.n).toBe(3);
  });
});

describe('monthsOf', () => {
  it('lists the months a period touches', () => {
    expect(monthsOf(calendarDate('2024-11-15'), calendarDate('2025-02-01'))).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
    ]);
  });
});
