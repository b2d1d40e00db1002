import { Money, type Result, calendarDate } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { type AnomalyInput, detectAnomalies, loadAnomalyRules } from './anomalies.ts';
import { budgetStatus, loadBudgets } from './budgets.ts';
import { type KpiGroupSums, kpiValues, peerAverages } from './compute.ts';
import { loadKpiDefinitions, measureKey } from './definitions.ts';
import { type FactClaim, type FactSettlement, settlementFacts } from './facts.ts';
import { demoAnomalyRules, demoBudgets, demoKpiDefinitions } from './shipped.ts';

function expectOk<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const kpis = expectOk(demoKpiDefinitions());
const rules = expectOk(demoAnomalyRules(kpis));
const key = measureKey;

/** Monthly rows of one institution: month → sums. */
function rowsOf(
  institution: string,
  tier: string,
  byMonth: Record<string, Record<string, string>>,
): KpiGroupSums[] {
  return Object.entries(byMonth).map(([month, sums]) => ({
    group: { institution, tier, month },
    sums,
  }));
}

const months = (from: number, n: number, year = 2025) =>
  Array.from({ length: n }, (_, i) => {
    const m = from + i;
    const y = year + Math.floor((m - 1) / 12);
    return `${String(y)}-${String(((m - 1) % 12) + 1).padStart(2, '0')}`;
  });

function input(
  rows: KpiGroupSums[],
  ms: string[],
  fund: Record<string, Record<string, string>> = {},
): AnomalyInput {
  return { kpis, rows, fundByMonth: fund, months: ms };
}

describe('the demo definitions', () => {
  it('load, and every shipped anomaly rule names a KPI they define', () => {
    expect(kpis.kpis.map((k) => k.id)).toContain('case_mix_index');
    expect(rules.rules).toHaveLength(7);
    expect(expectOk(demoBudgets(kpis)).entries.length).toBeGreaterThan(0);
  });

  it('refuse a KPI that names a class, category or test they do not define, by field', () => {
    const bad = loadKpiDefinitions({
      format: 'openpayer.kpi-definitions/1',
      id: 'x',
      title: 'x',
      lineClasses: [],
      categories: [],
      kpis: [
        {
          id: 'a',
          title: 'a',
          unit: 'ratio',
          kind: 'ratio',
          numerator: { measure: 'total', lineClass: 'nope' },
          denominator: { measure: 'tests' },
        },
      ],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['kpi.invalid_definitions', 'kpis.0.numerator.lineClass'],
      ['kpi.invalid_definitions', 'kpis.0.denominator.test'],
    ]);
  });

  it('refuse an anomaly rule on an unknown KPI, naming the field', () => {
    const bad = loadAnomalyRules(
      {
        format: 'openpayer.anomaly-rules/1',
        id: 'x',
        title: 'x',
        rules: [
          {
            code: 'A',
            title: 'a',
            kind: 'threshold',
            kpi: 'no_such_kpi',
            above: '0.1',
            severity: 'info',
            action: 'watch',
          },
        ],
      },
      kpis,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.path).toEqual(['rules', 0, 'kpi']);
  });
});

describe('facts of a settlement', () => {
  const settlement: FactSettlement = {
    total: '1000.00',
    payers: { basic_fund: '700.00', patient: '300.00' },
    lines: [
      {
        lineId: 'l1',
        amount: '600.00',
        coverageReasons: ['coverage.in_catalog'],
        payers: { basic_fund: '480.00', patient: '120.00' },
      },
      {
        lineId: 'l2',
        amount: '300.00',
        coverageReasons: ['coverage.not_in_catalog'],
        payers: { patient: '300.00' },
      },
      {
        lineId: 'l3',
        amount: '100.00',
        coverageReasons: ['coverage.in_catalog', 'coverage.restriction_not_met'],
        payers: { basic_fund: '220.00' },
      },
    ],
  };
  const claim: FactClaim = {
    institution: { code: 'H23010300012', tier: 'tertiary' },
    department: 'oncology',
    diagnoses: [{ code: 'C34.900' }],
    procedures: [{ code: '32.2001', technique: 'robotic' }],
    lines: [
      { id: 'l1', code: 'XL01EBA001', prescriber: { id: 'D1' } },
      { id: 'l2', code: 'XJ01CAA040' },
      { id: 'l3', code: 'XJ01DDA001' },
    ],
    evidence: [
      { kind: 'biomarker', test: 'EGFR', result: 'positive' },
      { kind: 'biomarker', test: 'egfr', result: 'negative' },
    ],
    outcomes: [{ kind: 'complication' }],
  };

  it('sum the line classes, categories, tests and complications the definitions read', () => {
    const f = settlementFacts(kpis, settlement, claim);
    expect(f).toMatchObject({
      institution: 'H23010300012',
      tier: 'tertiary',
      department: 'oncology',
      doctor: 'D1',
    });
    expect(f.measures).toMatchObject({
      [key({ measure: 'cases' })]: '1',
      [key({ measure: 'total' })]: '1000',
      [key({ measure: 'fund' })]: '700',
      [key({ measure: 'total', lineClass: 'in_catalog' })]: '700',
      [key({ measure: 'total', lineClass: 'out_of_catalog' })]: '300',
      [key({ measure: 'total', lineClass: 'off_label' })]: '100',
      [key({ measure: 'total', category: 'antibiotics' })]: '400',
      [key({ measure: 'total', lineClass: 'out_of_catalog', category: 'antibiotics' })]: '300',
      [key({ measure: 'fund', category: 'egfr_targeted' })]: '480',
      [key({ measure: 'cases', category: 'robotic_surgery' })]: '1',
      [key({ measure: 'fund', category: 'robotic_surgery' })]: '700',
      [key({ measure: 'complication_cases', category: 'robotic_surgery' })]: '1',
      [key({ measure: 'tests', test: 'EGFR' })]: '2',
      [key({ measure: 'tests_positive', test: 'EGFR' })]: '1',
    });
    // Zeros are left out: no HER2 test was done.
    expect(f.measures[key({ measure: 'tests', test: 'HER2' })]).toBeUndefined();
  });
});

describe('KPI values', () => {
  it('are exact ratios of the sums, rounded once at the unit', () => {
    const [row] = rowsOf('H1', 'tertiary', {
      '2025-01': {
        [key({ measure: 'total' })]: '3000.00',
        [key({ measure: 'cases' })]: '7',
        [key({ measure: 'total', lineClass: 'out_of_catalog' })]: '100.00',
      },
    });
    const values = kpiValues(kpis, row === undefined ? [] : [row], {
      kpis: ['cost_per_case', 'out_of_catalog_share', 'egfr_positivity_rate'],
    });
    expect(values.map((v) => [v.kpi, v.numerator, v.denominator, v.value])).toEqual([
      ['out_of_catalog_share', '100', '3000', '0.033333'],
      ['cost_per_case', '3000', '7', '428.57'],
      ['egfr_positivity_rate', '0', '0', null],
    ]);
  });

  it('take a category share against the whole fund, not the filtered rows', () => {
    const rows = rowsOf('H1', 'tertiary', {
      '2025-01': {
        [key({ measure: 'fund', category: 'egfr_targeted' })]: '60.00',
        [key({ measure: 'fund' })]: '100.00',
      },
    });
    const [v] = kpiValues(kpis, rows, {
      kpis: ['egfr_targeted_fund_share'],
      fund: { total: { [key({ measure: 'fund' })]: '1000.00' } },
    });
    expect(v?.value).toBe('0.060000');
  });
});

describe('peer averages', () => {
  it('are the mean over the institutions of one tier, rounded at the unit', () => {
    const rows = [
      ...rowsOf('H1', 'tertiary', {
        '2025-01': { [key({ measure: 'total' })]: '100.00', [key({ measure: 'cases' })]: '3' },
      }),
      ...rowsOf('H2', 'tertiary', {
        '2025-01': { [key({ measure: 'total' })]: '50.00', [key({ measure: 'cases' })]: '2' },
      }),
      ...rowsOf('S1', 'secondary', {
        '2025-01': { [key({ measure: 'total' })]: '10.00', [key({ measure: 'cases' })]: '1' },
      }),
    ];
    const values = kpiValues(kpis, rows, { kpis: ['cost_per_case', 'cases'] });
    expect(
      peerAverages(kpis, values).map((p) => [p.kpi, p.tier, p.month, p.average, p.institutions]),
    ).toEqual([
      // (33.33 + 25.00) ÷ 2 = 29.165 → 29.17
      ['cost_per_case', 'tertiary', '2025-01', '29.17', 2],
      ['cases', 'tertiary', '2025-01', '2.50', 2],
      ['cost_per_case', 'secondary', '2025-01', '10.00', 1],
      ['cases', 'secondary', '2025-01', '1.00', 1],
    ]);
  });
});

describe('anomalies (PRODUCT.md §8)', () => {
  const positivity = (performed: string, positive: string) => ({
    [key({ measure: 'tests', test: 'EGFR' })]: performed,
    [key({ measure: 'tests_positive', test: 'EGFR' })]: positive,
  });

  it('EGFR positivity 20% below the peer average', () => {
    const ms = ['2025-01'];
    const peersAnd = (code: string, positive: string) => [
      ...rowsOf('H1', 'tertiary', { '2025-01': positivity('100', '50') }),
      ...rowsOf('H2', 'tertiary', { '2025-01': positivity('100', '50') }),
      ...rowsOf(code, 'tertiary', { '2025-01': positivity('100', positive) }),
      // Another tier is not a peer.
      ...rowsOf('H5', 'secondary', { '2025-01': positivity('100', '10') }),
    ];
    const peerGaps = (rows: KpiGroupSums[]) =>
      detectAnomalies(rules, input(rows, ms)).filter((a) => a.rule === 'ANM-EGFR-PEER');
    // 0.41 against its peers' 0.50: 18% below — does not fire.
    expect(peerGaps(peersAnd('H4', '41'))).toEqual([]);
    // 0.40 against its peers' 0.50: exactly 20% below — fires.
    const found = peerGaps(peersAnd('H3', '40'));
    expect(found.map((a) => [a.institution, a.value, a.reference])).toEqual([['H3', '0.4', '0.5']]);
    expect(found[0]?.explanation).toContain('below the average');
  });

  it('robotic volume doubled within six months while complications rose 20%', () => {
    const ms = months(1, 12);
    const robotic = (cases: string, complications: string) => ({
      [key({ measure: 'cases', category: 'robotic_surgery' })]: cases,
      [key({ measure: 'complication_cases', category: 'robotic_surgery' })]: complications,
    });
    const rowsFor = (code: string, late: Record<string, string>) =>
      rowsOf(
        code,
        'tertiary',
        Object.fromEntries(ms.map((m, i) => [m, i < 6 ? robotic('10', '1') : late])),
      );
    // 60 cases (6 complications, 10%) → 120 cases with 15 (12.5%, +25%): fires.
    // 120 cases with 14 complications (11.7%, +16.7%): doubled, but complications rose too little.
    // 110 cases with 20 complications: not doubled.
    const rows = [
      ...rowsFor('H1', robotic('20', '2.5')),
      ...rowsFor('H2', robotic('20', '2.3333333333333333')),
      ...rowsFor('H3', robotic('18.3333333333333333', '3.3333333333333333')),
    ];
    const found = detectAnomalies(rules, input(rows, ms)).filter(
      (a) => a.rule === 'ANM-ROBOT-VOLUME',
    );
    expect(found.map((a) => [a.institution, a.value, a.from, a.to])).toEqual([
      ['H1', '1', '2025-01', '2025-12'],
    ]);
    expect(found[0]?.action).toBe('open_case');
    expect(found[0]?.explanation).toContain('rose 25.0%');
  });

  it('out-of-catalog antibiotics above 15% for three consecutive months → rectification report', () => {
    const ms = months(1, 6);
    const abx = (ooc: string) => ({
      [key({ measure: 'total', category: 'antibiotics' })]: '100.00',
      [key({ measure: 'total', lineClass: 'out_of_catalog', category: 'antibiotics' })]: ooc,
    });
    const rows = [
      // 16%, 17%, 16%: three months running.
      ...rowsOf('P1', 'primary', {
        '2025-01': abx('10'),
        '2025-02': abx('16'),
        '2025-03': abx('17'),
        '2025-04': abx('16'),
        '2025-05': abx('15'),
        '2025-06': abx('20'),
      }),
      // Two months, a break at exactly 15%, two months: never three.
      ...rowsOf('P2', 'primary', {
        '2025-01': abx('16'),
        '2025-02': abx('16'),
        '2025-03': abx('15'),
        '2025-04': abx('16'),
        '2025-05': abx('16'),
      }),
    ];
    const found = detectAnomalies(rules, input(rows, ms)).filter(
      (a) => a.rule === 'ANM-ABX-OOC-3M',
    );
    expect(found.map((a) => [a.institution, a.from, a.to, a.action])).toEqual([
      ['P1', '2025-02', '2025-04', 'rectification_report'],
    ]);
  });

  it("tertiary hospitals' out-of-catalog use above 5%", () => {
    const share = (ooc: string) => ({
      [key({ measure: 'total' })]: '1000.00',
      [key({ measure: 'total', lineClass: 'out_of_catalog' })]: ooc,
    });
    const rows = [
      ...rowsOf('T1', 'tertiary', { '2025-01': share('51.00') }),
      ...rowsOf('T2', 'tertiary', { '2025-01': share('50.00') }),
      // A secondary hospital at 8% is not watched by this rule.
      ...rowsOf('S1', 'secondary', { '2025-01': share('80.00') }),
    ];
    const found = detectAnomalies(rules, input(rows, ['2025-01'])).filter(
      (a) => a.rule === 'ANM-TERTIARY-OOC',
    );
    expect(found.map((a) => [a.institution, a.value])).toEqual([['T1', '0.051']]);
  });

  it("a category's spend above 5% of the fund; robotic surgery above 0.5% or growing over 20% a year", () => {
    const ms = months(1, 24, 2024);
    const fundByMonth = Object.fromEntries(
      ms.map((m, i) => [
        m,
        {
          [key({ measure: 'fund' })]: '10000.00',
          // 2024: 40 a month; 2025: 49 a month (+22.5%, above the 20% cap; 0.49% of the fund).
          [key({ measure: 'fund', category: 'robotic_surgery' })]: i < 12 ? '40.00' : '49.00',
          // EGFR drugs at 6% of the fund in 2025.
          [key({ measure: 'fund', category: 'egfr_targeted' })]: i < 12 ? '400.00' : '600.00',
        },
      ]),
    );
    const found = detectAnomalies(rules, input([], ms, fundByMonth));
    expect(
      found
        .map((a) => [a.rule, a.institution, a.value])
        .filter(([r]) => r !== 'ANM-CATEGORY-SHARE'),
    ).toEqual([['ANM-ROBOT-GROWTH', null, '0.225']]);
    // Over the whole 24 months EGFR drugs are 5% exactly: not above. Over 2025 alone, 6%.
    expect(found.some((a) => a.rule === 'ANM-CATEGORY-SHARE')).toBe(false);
    const in2025 = detectAnomalies(rules, input([], ms.slice(12), fundByMonth));
    expect(
      in2025.filter((a) => a.rule === 'ANM-CATEGORY-SHARE').map((a) => [a.value, a.action]),
    ).toEqual([['0.06', 'review']]);
    // Robotic at 0.6% of the fund: above the 0.5% cap.
    const over = detectAnomalies(
      rules,
      input([], ['2025-01'], {
        '2025-01': {
          [key({ measure: 'fund' })]: '10000.00',
          [key({ measure: 'fund', category: 'robotic_surgery' })]: '60.00',
        },
      }),
    );
    expect(over.filter((a) => a.rule === 'ANM-ROBOT-SHARE').map((a) => a.value)).toEqual(['0.006']);
  });
});

describe('global budgets', () => {
  const set = expectOk(
    loadBudgets(
      {
        format: 'openpayer.budgets/1',
        id: 'b',
        title: 'b',
        year: 2025,
        warnAt: ['0.8', '0.9', '1'],
        entries: [{ id: 'h1', title: 'H1', institution: 'H23010300012', amount: '365000.00' }],
      },
      kpis,
    ),
  );
  const entry = set.entries[0];
  if (entry === undefined) throw new Error('no entry');

  it('forecast the year at the run rate and warn at the configured burn levels', () => {
    // 73 days (to 14 March) and 255,500 spent: 3,500 a day → 1,277,500 by year end.
    const s = expectOk(budgetStatus(set, entry, Money.of('255500.00'), calendarDate('2025-03-14')));
    expect(s.daysElapsed).toBe(73);
    expect(s.forecast.toFixedString()).toBe('1277500.00');
    expect(s.burn).toBe('0.7000');
    expect(s.forecastBurn).toBe('3.5000');
    expect(s.warnings).toEqual([{ level: '1', by: 'forecast' }]);
    const late = expectOk(
      budgetStatus(set, entry, Money.of('330000.00'), calendarDate('2025-12-31')),
    );
    expect(late.warnings).toEqual([{ level: '0.9', by: 'spend' }]);
    expect(late.forecast.toFixedString()).toBe('330000.00');
  });

  it('refuse a date before the year, and a category the KPIs do not define', () => {
    const before = budgetStatus(set, entry, Money.of('1.00'), calendarDate('2024-12-31'));
    expect(before.ok ? [] : before.issues.map((i) => [i.code, i.path])).toEqual([
      ['budget.bad_date', ['asOf']],
    ]);
    const bad = loadBudgets(
      {
        format: 'openpayer.budgets/1',
        id: 'b',
        title: 'b',
        year: 2025,
        warnAt: ['0.9', '0.8'],
        entries: [{ id: 'x', title: 'x', category: 'nope', amount: '1.00' }],
      },
      kpis,
    );
    expect(bad.ok ? [] : bad.issues.map((i) => i.path.join('.'))).toEqual([
      'warnAt.1',
      'entries.0.category',
    ]);
  });
});

describe('hostile documents', () => {
  it('are refused with issues, never a throw (a refinement sees text that did not decode)', () => {
    for (const bad of ['1e400', 'x', '', '-1', '1,0', {}, null, 5, [], '0']) {
      const docs = [
        loadBudgets(
          {
            format: 'openpayer.budgets/1',
            id: 'a',
            title: 'a',
            year: 2025,
            warnAt: [bad, '0.5', bad],
            entries: [{ id: 'a', title: 'a', amount: bad, category: bad }],
          },
          kpis,
        ),
        loadAnomalyRules(
          {
            format: 'openpayer.anomaly-rules/1',
            id: 'a',
            title: 'a',
            rules: [
              {
                code: 'A',
                title: 'a',
                kind: 'peer_gap',
                kpi: 'cases',
                below: bad,
                severity: 'info',
                action: 'watch',
              },
              {
                code: 'B',
                title: 'b',
                kind: 'growth',
                kpi: bad,
                windowMonths: 1,
                minGrowth: bad,
                severity: 'info',
                action: 'watch',
              },
              {
                code: 'C',
                title: 'c',
                kind: 'threshold',
                kpi: 'cases',
                above: bad,
                severity: 'info',
                action: 'watch',
              },
            ],
          },
          kpis,
        ),
        loadKpiDefinitions({
          format: 'openpayer.kpi-definitions/1',
          id: 'a',
          title: 'a',
          lineClasses: [bad],
          categories: bad,
          kpis: [
            {
              id: 'a',
              title: 'a',
              unit: 'ratio',
              kind: 'ratio',
              numerator: bad,
              denominator: { measure: bad },
            },
          ],
        }),
      ];
      for (const d of docs) {
        expect(d.ok).toBe(false);
        if (!d.ok) expect(d.issues.length).toBeGreaterThan(0);
      }
    }
  });
});
