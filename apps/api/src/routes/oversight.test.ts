/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoCaseRulesJson from '../../../../packages/supervision/data/demo-case-rules-230100.json' with { type: 'json' };
import {
  type As,
  OTHER_INSTITUTION,
  type TestApi,
  claimJson,
  testApi,
} from '../__fixtures__/harness.ts';

/**
 * KPIs, anomalies and budgets over HTTP, over claims settled through the API: the sums by
 * institution and month with the peers' averages, an integrator held to its own institution,
 * the demo rules' tertiary out-of-catalog anomaly, the budgets' burn, and every bad parameter a
 * 400 naming it.
 */

let api: TestApi;
type Body = Record<string, any>;
const OWN = 'H23010300012';

async function get(path: string, as: As = 'reviewer'): Promise<[number, Body]> {
  const res = await api.request(path, { as });
  return [res.status, (await res.json()) as Body];
}

async function settle(id: string, as: As, institution: string, lines?: object[]) {
  const res = await api.request('/v1/claims/settle', {
    as,
    json: {
      ...claimJson({
        id,
        personId: `P-${id}`,
        institutionCode: institution,
        date: '2025-06-15',
        ...(lines === undefined ? {} : { lines: lines as never }),
      }),
    },
    headers: { 'idempotency-key': `kpi-${id}` },
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  api = await testApi();
  await settle('KPI-1', 'hospital', OWN);
  await settle('KPI-2', 'hospital', OWN, [
    { code: 'XC04ABF039A001010100141', name: '酚妥拉明注射剂', quantity: '1', unitPrice: '900.00' },
    // Not in the catalog: the tertiary hospital's out-of-catalog share goes above 5%.
    { code: 'XZ99ZZZ999A001010100001', name: '目录外药品', quantity: '1', unitPrice: '500.00' },
  ]);
  await settle('KPI-3', 'otherHospital', OTHER_INSTITUTION);
}, 60_000);
afterAll(() => api.close());

describe('/v1/kpis', () => {
  it('answers each KPI by institution and month, with the peers of each tier', async () => {
    const [status, body] = await get(
      '/v1/kpis?period=2025-Q2&by=institution,month&kpi=cases,cost_per_case,out_of_catalog_share',
      'auditor',
    );
    expect(status).toBe(200);
    expect(body['by']).toEqual(['institution', 'month']);
    const of = (inst: string, kpi: string) =>
      body['items'].find((v: Body) => v['group']['institution'] === inst && v['kpi'] === kpi);
    expect(of(OWN, 'cases')).toMatchObject({ value: '2', group: { month: '2025-06' } });
    expect(of(OWN, 'cost_per_case')).toMatchObject({
      numerator: '6400',
      denominator: '2',
      value: '3200.00',
    });
    expect(of(OWN, 'out_of_catalog_share')).toMatchObject({
      numerator: '500',
      value: '0.078125',
    });
    expect(of(OTHER_INSTITUTION, 'cases')?.['value']).toBe('1');
    const peer = body['peers'].find((p: Body) => p['kpi'] === 'cases' && p['month'] === '2025-06');
    expect(peer).toMatchObject({ average: '1.50', institutions: 2 });
  });

  it('holds an integrator to its own institution', async () => {
    const [status, body] = await get('/v1/kpis?period=2025&kpi=cases', 'hospital');
    expect(status).toBe(200);
    expect(body['items'].map((v: Body) => [v['group']['institution'], v['value']])).toEqual([
      [OWN, '2'],
    ]);
    // The peer average is still over every institution of the tier.
    expect(body['peers']).toEqual([
      { kpi: 'cases', tier: 'tertiary', average: '1.50', institutions: 2 },
    ]);
    const [denied] = await get(`/v1/kpis?period=2025&institution=${OTHER_INSTITUTION}`, 'hospital');
    expect(denied).toBe(403);
  });

  it('refuses a bad period, an unknown KPI or dimension, naming the parameter', async () => {
    const cases: [string, (string | number)[]][] = [
      ['/v1/kpis?period=2025-13', ['period']],
      ['/v1/kpis?period=2025&from=2025-01-01', ['from']],
      ['/v1/kpis?from=2025-01-01', ['to']],
      ['/v1/kpis?from=2025-02-30&to=2025-03-01', ['from']],
      ['/v1/kpis?from=2025-03-01&to=2025-03-01', ['to']],
      ['/v1/kpis?period=2025&kpi=no_such_kpi', ['kpi']],
      ['/v1/kpis?period=2025&by=ward', ['by', 0]],
      ['/v1/kpis?period=2025&by=', ['by']],
      ['/v1/kpis?period=2025&shape=pie', []],
      ['/v1/anomalies?period=2025-Q5', ['period']],
      ['/v1/budgets?asOf=2024-12-31', ['asOf']],
      ['/v1/budgets?asOf=yesterday', ['asOf']],
    ];
    for (const [path, field] of cases) {
      const [status, body] = await get(path);
      expect([path, status]).toEqual([path, 400]);
      expect([path, body['error']['issues'][0]['path']]).toEqual([path, field]);
    }
  });

  it('serves the definitions', async () => {
    const [status, body] = await get('/v1/kpis/definitions', 'auditor');
    expect(status).toBe(200);
    expect(body['format']).toBe('openpayer.kpi-definitions/1');
    expect(body['kpis'].map((k: Body) => k['id'])).toContain('case_mix_index');
  });
});

describe('/v1/anomalies', () => {
  it("finds the tertiary hospital's out-of-catalog use above 5%, explained", async () => {
    const [status, body] = await get('/v1/anomalies?from=2025-06-01&to=2025-07-01');
    expect(status).toBe(200);
    const found = body['items'].filter((a: Body) => a['rule'] === 'ANM-TERTIARY-OOC');
    expect(found.map((a: Body) => [a['institution'], a['value'], a['reference']])).toEqual([
      [OWN, '0.078125', '0.05'],
    ]);
    expect(found[0]?.['explanation']).toContain('above 0.05');
  });
});

describe('/v1/budgets', () => {
  it("reports each budget's spend, run-rate forecast and warnings", async () => {
    const [status, body] = await get('/v1/budgets?asOf=2025-06-30', 'auditor');
    expect(status).toBe(200);
    expect(body['year']).toBe(2025);
    const fund = body['items'].find((b: Body) => b['id'] === 'fund');
    expect(fund).toMatchObject({ daysElapsed: 181, daysInYear: 365 });
    expect(Number(fund['spent'])).toBeGreaterThan(0);
    // An integrator sees only its own institution's budgets.
    const [, own] = await get('/v1/budgets?asOf=2025-06-30', 'hospital');
    expect(own['items'].map((b: Body) => [b['institution'], b['amount']])).toEqual([
      [OWN, '25000.00'],
    ]);
  });
});

describe('/v1/cases/sample', () => {
  it('samples the stored settlements by a seeded share, a value and the unusual, reproducibly', async () => {
    const path =
      '/v1/cases/sample?period=2025-Q2&randomShare=0.34&seed=7&valueThreshold=5000.00&mostUnusual=1';
    const [status, body] = await get(path);
    expect(status).toBe(200);
    expect(body['candidates']).toBe(3);
    const byValue = body['items'].filter((x: Body) => x['reasons'].includes('value'));
    expect(byValue.map((x: Body) => x['amount']).sort()).toEqual(['5000.00', '5000.00']);
    expect(body['items'].some((x: Body) => x['reasons'].includes('random'))).toBe(true);
    const [, again] = await get(path);
    expect(again).toEqual(body);
    const [denied] = await get(path, 'hospital');
    expect(denied).toBe(403);
    for (const [query, field] of [
      ['randomShare=2', 'randomShare'],
      ['seed=x', 'seed'],
      ['valueThreshold=abc', 'valueThreshold'],
    ] as const) {
      const [bad, badBody] = await get(`/v1/cases/sample?period=2025-Q2&${query}`);
      expect([query, bad, badBody['error']['issues'][0]['path']]).toEqual([query, 400, [field]]);
    }
  });
});

describe('/v1/oversight uploads', () => {
  const rules = (id: string, kpi: string) => ({
    format: 'openpayer.anomaly-rules/1',
    id,
    title: 'Uploaded rules',
    rules: [
      {
        code: 'UP-COST',
        title: 'Cost per case above 3,000',
        kind: 'threshold',
        kpi,
        above: '3000',
        severity: 'warning',
        action: 'review',
      },
    ],
  });
  const post = async (path: string, body: unknown, as: As = 'admin') => {
    const res = await api.request(path, { as, json: body });
    return [res.status, (await res.json()) as Body] as const;
  };

  it('puts uploaded anomaly rules and budgets in force, refusing what does not fit', async () => {
    const [denied] = await post(
      '/v1/oversight/anomaly-rules',
      rules('r-1', 'cost_per_case'),
      'reviewer',
    );
    expect(denied).toBe(403);
    const [bad, badBody] = await post('/v1/oversight/anomaly-rules', rules('r-1', 'no_such_kpi'));
    expect([bad, badBody['error']['issues'][0]['path']]).toEqual([422, ['rules', 0, 'kpi']]);
    const [malformed, malformedBody] = await post('/v1/oversight/anomaly-rules', {
      ...rules('r-1', 'cost_per_case'),
      rules: [],
    });
    expect([malformed, malformedBody['error']['issues'][0]['path']]).toEqual([400, ['rules']]);

    const [created, stored] = await post(
      '/v1/oversight/anomaly-rules',
      rules('r-1', 'cost_per_case'),
    );
    expect([created, stored['inForce']]).toEqual([201, true]);
    const [again] = await post('/v1/oversight/anomaly-rules', rules('r-1', 'cost_per_case'));
    expect(again).toBe(409);
    const [, found] = await get('/v1/anomalies?period=2025-06');
    expect(found['rules']).toBe('r-1');
    expect(found['items'].map((a: Body) => [a['rule'], a['institution'], a['value']])).toEqual([
      ['UP-COST', OTHER_INSTITUTION, '5000'],
      ['UP-COST', OWN, '3200'],
    ]);

    // KPI definitions without cost_per_case would break the rules in force: refused, named.
    const [, defs] = await get('/v1/kpis/definitions');
    const [refusedDefs, refusedBody] = await post('/v1/oversight/kpi-definitions', {
      ...defs,
      id: 'kpis-2',
      kpis: defs['kpis'].filter((k: Body) => k['id'] !== 'cost_per_case'),
    });
    expect(refusedDefs).toBe(422);
    expect(refusedBody['error']['issues'][0]['path']).toEqual(['rules', 0, 'kpi']);
    expect(refusedBody['error']['issues'][0]['message']).toContain('anomaly rules in force (r-1)');

    const [budgetCreated] = await post('/v1/oversight/budgets', {
      format: 'openpayer.budgets/1',
      id: 'b-2025-2',
      title: 'Uploaded budgets',
      year: 2025,
      warnAt: ['0.5'],
      entries: [{ id: 'own', title: 'Own hospital', institution: OWN, amount: '100.00' }],
    });
    expect(budgetCreated).toBe(201);
    const [, budgets] = await get('/v1/budgets?asOf=2025-06-30', 'hospital');
    expect(budgets['budgets']).toBe('b-2025-2');
    expect(
      budgets['items'].map((b: Body) => [b['id'], b['amount'], b['warnings'][0]?.['by']]),
    ).toEqual([['own', '100.00', 'spend']]);

    const { $comment: _comment, ...caseRules } = demoCaseRulesJson;
    const [noCalendar, noCalendarBody] = await post('/v1/oversight/case-rules', {
      ...caseRules,
      id: 'case-rules-2',
      calendar: 'no-such-calendar',
    });
    expect([noCalendar, noCalendarBody['error']['issues'][0]['path']]).toEqual([422, ['calendar']]);
    const [caseRulesCreated] = await post('/v1/oversight/case-rules', {
      ...caseRules,
      id: 'case-rules-2',
    });
    expect(caseRulesCreated).toBe(201);

    const [, listed] = await get('/v1/oversight/documents', 'auditor');
    expect(listed['items'].map((d: Body) => [d['kind'], d['id'], d['inForce']])).toEqual([
      ['case_rules', 'case-rules-2', true],
      ['budgets', 'b-2025-2', true],
      ['anomaly_rules', 'r-1', true],
    ]);
  });
});
