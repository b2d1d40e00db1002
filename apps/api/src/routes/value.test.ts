import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OTHER_INSTITUTION,
  OWN_INSTITUTION,
  type TestApi,
  claimJson,
  testApi,
} from '../__fixtures__/harness.ts';

/**
 * /v1/value over real HTTP requests to the app, on the demo policy (which ships PRODUCT.md §8's
 * value-based rules): observations and outcomes recorded, an institution's year and a CAR-T
 * contract's periods run once each, and the computations of the models on a date.
 */

interface PeriodFixture {
  readonly institution: {
    readonly observations: Record<string, unknown>;
    readonly expect: { entries: [string, string, string][]; total: string };
  };
  readonly contract: {
    readonly contract: string;
    readonly events: Record<string, unknown>[];
    readonly runs: { period: string; expect: { owed: string; invoice: string; due: number } }[];
  };
  readonly course: {
    readonly events: Record<string, unknown>[];
    readonly rule: string;
    readonly claims: {
      date: string;
      claimed: string;
      expect: { status: string; paid: string; withheld: string };
    }[];
  };
}
const fixture = JSON.parse(
  readFileSync(
    new URL(
      '../../../../packages/pricing/src/value/__fixtures__/period-runs.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as PeriodFixture;

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

type As = 'admin' | 'reviewer' | 'auditor' | 'hospital' | 'otherHospital';
const post = (path: string, json: unknown, as: As = 'admin') =>
  api.request(`/v1/value${path}`, { as, method: 'POST', json });
const get = (path: string, as: As = 'admin') => api.request(`/v1/value${path}`, { as });

interface Run {
  id: string;
  scope: string;
  subject: string;
  total: string;
  run: {
    entries: { model: string; rule: string; amount: string; explanations: string[] }[];
    due: unknown[];
  };
}

describe('recording what the fund measures', () => {
  it('records observations (201, replaced 200) for administrators only, naming a bad field', async () => {
    const body = { ...fixture.institution.observations, institution: OTHER_INSTITUTION };
    const put = (json: unknown, as: As = 'admin') =>
      api.request('/v1/value/observations', { as, method: 'PUT', json });
    expect((await put(body)).status).toBe(201);
    const replaced = await put(body);
    expect(replaced.status).toBe(200);
    expect(((await replaced.json()) as { recordedBy: string }).recordedBy).toBeTruthy();
    expect((await put(body, 'hospital')).status).toBe(403);
    const bad = await put({ ...body, period: '2025-Q5' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"path":["period"]');
    const read = await get(`/observations/${OTHER_INSTITUTION}/2025`);
    expect(read.status).toBe(200);
    expect((await get(`/observations/${OTHER_INSTITUTION}/2024`)).status).toBe(404);
  });

  it('records an outcome event once; a hospital only for itself', async () => {
    const event = {
      id: 'E-API-1',
      kind: 'course_started',
      personId: 'P-API-1',
      date: '2025-01-10',
      course: 'API-COURSE',
      item: 'XL01EBA999B001010100001',
      institution: OWN_INSTITUTION,
    };
    expect((await post('/outcomes', event, 'hospital')).status).toBe(201);
    expect((await post('/outcomes', event, 'hospital')).status).toBe(200);
    const changed = await post('/outcomes', { ...event, date: '2025-01-11' }, 'hospital');
    expect(changed.status).toBe(409);
    const other = await post('/outcomes', { ...event, id: 'E-API-2' }, 'otherHospital');
    expect(other.status).toBe(403);
    const unknownKind = await post('/outcomes', { ...event, id: 'E-API-3', kind: 'cured' });
    expect(unknownKind.status).toBe(400);
    // A response or a death only from the institution that started the course or treated the person.
    const response = {
      id: 'E-API-4',
      kind: 'response',
      personId: 'P-API-1',
      date: '2025-04-12',
      course: 'API-COURSE',
      response: 'SD',
    };
    expect((await post('/outcomes', response, 'otherHospital')).status).toBe(403);
    expect((await post('/outcomes', response, 'hospital')).status).toBe(201);
    const died = { id: 'E-API-5', kind: 'died', personId: 'P-API-1', date: '2025-09-01' };
    expect((await post('/outcomes', died, 'otherHospital')).status).toBe(403);
    expect((await post('/outcomes', died, 'hospital')).status).toBe(201);
  });
});

describe('period runs', () => {
  it("runs an institution's year once, with the §8 figures, then closes its observations", async () => {
    const observations = fixture.institution.observations;
    expect(
      (
        await api.request('/v1/value/observations', {
          as: 'admin',
          method: 'PUT',
          json: observations,
        })
      ).status,
    ).toBe(201);
    const request = { period: '2025', region: '230100', institutions: [OWN_INSTITUTION] };
    const first = await post('/period-runs', request);
    expect(first.status, await first.clone().text()).toBe(201);
    const body = (await first.json()) as { created: number; runs: Run[] };
    expect(body.created).toBe(1);
    const [run] = body.runs;
    expect(run?.run.entries.map((e) => [e.model, e.rule, e.amount])).toEqual(
      fixture.institution.expect.entries,
    );
    expect(run?.total).toBe(fixture.institution.expect.total);
    const again = await post('/period-runs', request);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { runs: Run[] }).runs[0]?.id).toBe(run?.id);
    const closed = await api.request('/v1/value/observations', {
      as: 'admin',
      method: 'PUT',
      json: observations,
    });
    expect(closed.status).toBe(409);
    expect((await post('/period-runs', request, 'hospital')).status).toBe(403);

    // The hospital reads its own run, not another's.
    const own = await get('/period-runs', 'hospital');
    expect(
      ((await own.json()) as { items: { subject: string }[] }).items.map((i) => i.subject),
    ).toEqual([OWN_INSTITUTION]);
    expect((await get(`/period-runs/${run?.id ?? ''}`, 'otherHospital')).status).toBe(404);
    expect((await get(`/period-runs/${run?.id ?? ''}`, 'auditor')).status).toBe(200);
  });

  it('invoices a CAR-T contract period by period and shows the cohort with its due evaluations', async () => {
    for (const event of fixture.contract.events) {
      expect((await post('/outcomes', event)).status).toBe(201);
    }
    for (const { period, expect: want } of fixture.contract.runs) {
      const res = await post('/period-runs', {
        period,
        region: '230100',
        contracts: [fixture.contract.contract],
      });
      expect(res.status, await res.clone().text()).toBe(201);
      const [run] = ((await res.json()) as { runs: Run[] }).runs;
      expect([run?.scope, run?.total, run?.run.due.length]).toEqual([
        'contract',
        want.invoice,
        want.due,
      ]);
    }
    const accounts = await get('/accounts?period=2026', 'auditor');
    expect(accounts.status).toBe(200);
    expect(await accounts.json()).toMatchObject({
      period: '2026',
      runs: 1,
      payable: '0.00',
      receivable: '1125000.00',
      byCounterparty: [{ counterparty: 'Demo Biotech (演示药企)', receivable: '1125000.00' }],
    });
    expect((await get('/accounts?period=2026', 'hospital')).status).toBe(403);
    const contracts = await get('/contracts?date=2026-12-31&region=230100', 'reviewer');
    expect(contracts.status).toBe(200);
    const { items } = (await contracts.json()) as {
      items: { id: string; cohort: { evaluable: number; survivors: number; refundOwed: string } }[];
    };
    expect(items.find((c) => c.id === fixture.contract.contract)?.cohort).toMatchObject({
      evaluable: 10,
      survivors: 5,
      refundOwed: '2250000.00',
    });
    expect((await get('/contracts?date=2026-12-31&region=230100', 'hospital')).status).toBe(403);

    // Instalments contingent on survival: 50% at treatment, 30% at 12 and 20% at 24 months alive.
    for (const event of [
      {
        id: 'T-INST-1',
        kind: 'treated',
        personId: 'P-INST-1',
        date: '2025-03-01',
        contract: 'cart-survival-instalments',
        institution: OWN_INSTITUTION,
        paid: '1500000.00',
      },
      { id: 'D-INST-1', kind: 'died', personId: 'P-INST-1', date: '2026-01-10' },
    ]) {
      expect((await post('/outcomes', event)).status).toBe(201);
    }
    const withInstalments = await get('/contracts?date=2026-12-31&region=230100');
    const contract = (
      (await withInstalments.json()) as {
        items: {
          id: string;
          instalments: {
            personId: string;
            due: string;
            forfeited: string;
            instalments: { status: string; amount: string }[];
          }[];
        }[];
      }
    ).items.find((c) => c.id === 'cart-survival-instalments');
    expect(contract?.instalments).toHaveLength(1);
    expect(contract?.instalments[0]).toMatchObject({ due: '750000.00', forfeited: '750000.00' });
    expect(contract?.instalments[0]?.instalments.map((i) => [i.status, i.amount])).toEqual([
      ['paid_due', '750000.00'],
      ['forfeited', '450000.00'],
      ['forfeited', '300000.00'],
    ]);
  });

  it('refuses a run that cannot complete, naming the scope, and writes nothing', async () => {
    const res = await post('/period-runs', {
      period: '2025-Q3',
      region: '230100',
      institutions: ['H23010399999'],
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain('value.no_observations');
    const list = await get('/period-runs?period=2025-Q3');
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
    const noPolicy = await post('/period-runs', { period: '2025', region: '110000' });
    expect(noPolicy.status).toBe(422);
  });
});

describe('the models on a date', () => {
  it('pays a course month by its recorded response', async () => {
    for (const event of fixture.course.events) await post('/outcomes', event);
    for (const claim of fixture.course.claims) {
      const res = await post('/courses/EGFR-1/payments', {
        date: claim.date,
        claimed: claim.claimed,
        rule: fixture.course.rule,
        region: '230100',
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const { payment } = (await res.json()) as {
        payment: { status: string; paid: string; withheld: string };
      };
      expect({ status: payment.status, paid: payment.paid, withheld: payment.withheld }).toEqual(
        claim.expect,
      );
    }
    const unknown = await post('/courses/NO-COURSE/payments', {
      date: '2025-05-10',
      claimed: '20000.00',
      region: '230100',
    });
    expect(unknown.status).toBe(404);
  });

  it("answers an item's standard with its coefficients, and the re-evaluations due", async () => {
    const standard = async (region: string, categories: string[]) => {
      const res = await post(
        '/standards',
        { item: '270800001000000', date: '2025-06-01', region, fundRegion: '230100', categories },
        'hospital',
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { standard: string }).standard;
    };
    expect(await standard('310104', [])).toBe('2000.00');
    expect(await standard('510104', [])).toBe('1500.00');
    expect(await standard('510104', ['child'])).toBe('2250.00');
    const temporary = await post('/standards', {
      item: 'XL01XXA999B001010100001',
      date: '2026-06-01',
      region: '230100',
    });
    expect(((await temporary.json()) as { standard: string }).standard).toBe('800000.00');
    const due = await get('/reevaluations?date=2026-07-01&region=230100');
    expect(((await due.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const bad = await post('/standards', { item: 'x', date: '2025-02-30', region: '230100' });
    expect(bad.status).toBe(400);
  });

  it('steps the domestic robot standard down over its lifecycle, +10% for a domestic device', async () => {
    const robot = async (date: string, domesticDevice: boolean) => {
      const res = await post('/standards', {
        item: '331300001000000',
        date,
        region: '230100',
        domesticDevice,
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as { standard: string }).standard;
    };
    expect(await robot('2025-06-01', false)).toBe('6000.00');
    expect(await robot('2027-06-01', false)).toBe('4000.00');
    expect(await robot('2025-06-01', true)).toBe('6600.00');
    expect(await robot('2027-06-01', true)).toBe('4400.00');
  });

  it('settles regional fund sharing in a less-developed county: provincial and local funds pay', async () => {
    const claim = {
      ...claimJson({
        id: 'C-REGIONAL-1',
        personId: 'P-000811',
        institutionCode: 'H23012900001',
        lines: [
          {
            code: '003318000009900',
            name: '机器人辅助胃癌根治术（演示编码）',
            quantity: '1',
            unitPrice: '8000.00',
          },
        ],
      }),
    } as Record<string, unknown> & {
      institution: Record<string, unknown>;
      lines: Record<string, unknown>[];
    };
    claim.institution = { ...claim.institution, region: '230129' };
    claim.lines = claim.lines.map((l) => ({ ...l, kind: 'service' }));
    const res = await api.request('/v1/claims/settle', {
      as: 'admin',
      json: claim,
      headers: { 'idempotency-key': 'k-regional-1' },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { settlement } = (await res.json()) as { settlement: { payers: Record<string, string> } };
    expect(settlement.payers).toMatchObject({
      provincial_fund: '2400.00',
      local_fund: '3200.00',
      patient: '2400.00',
      basic_fund: '0.00',
    });
  });

  it('pays a robotic gastric surgery by units and a robotic rectal case its add-on', async () => {
    const units = await post('/service-units', {
      item: '331303001000000',
      date: '2025-06-01',
      region: '230100',
      charged: { equipment: '4000.00', operation: '5000.00' },
    });
    expect(units.status, await units.clone().text()).toBe(200);
    const paid = (await units.json()) as { totals: { paid: string; overStandard: string } };
    expect(paid.totals).toMatchObject({ paid: '8000.00', overStandard: '1000.00' });
    const overCap = await post('/service-units', {
      item: '331303001000000',
      date: '2025-06-01',
      region: '230100',
      charged: { equipment: '6000.00', operation: '5000.00' },
    });
    expect(JSON.stringify(await overCap.json())).toContain('value.unit_over_cap');
    const addOns = await post('/case-add-ons', {
      date: '2025-06-01',
      region: '230100',
      procedures: [
        { code: '48.5000', technique: 'robotic' },
        { code: '06.2x00', technique: 'robotic' },
      ],
    });
    expect(addOns.status, await addOns.clone().text()).toBe(200);
    expect(((await addOns.json()) as { total: string }).total).toBe('11000.00');
  });

  it('judges an ICER against the threshold in force', async () => {
    const verdict = async (date: string) => {
      const res = await post('/icer', {
        date,
        region: '230100',
        incrementalCost: '1500000.00',
        incrementalQaly: '1',
      });
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as { result: { verdict: string; threshold: string } };
    };
    expect((await verdict('2025-06-01')).result).toMatchObject({
      verdict: 'above_threshold',
      threshold: '210000.00',
    });
    expect((await verdict('2026-03-01')).result.threshold).toBe('300000.00');
  });

  it('records an admission decision with its ICER evidence, once, for administrators', async () => {
    const body = {
      technology: 'XL01XXA999B001010100001',
      comparator: 'salvage chemotherapy',
      date: '2026-03-01',
      region: '230100',
      incrementalCost: '1500000.00',
      incrementalQaly: '1',
      decision: 'negotiate',
      reason: 'ICER 1,500,000 per QALY is above the 300,000 threshold: negotiate the price',
    };
    const res = await post('/assessments', body);
    expect(res.status, await res.clone().text()).toBe(201);
    const stored = (await res.json()) as {
      id: string;
      decision: string;
      policy: string;
      icer: {
        result: { verdict: string; icer: string };
        threshold: { value: string; source: string };
      };
    };
    expect(stored).toMatchObject({ decision: 'negotiate' });
    expect(stored.icer.result).toMatchObject({ verdict: 'above_threshold', icer: '1500000.00' });
    expect(stored.icer.threshold).toMatchObject({ value: '300000.00' });
    expect(res.headers.get('location')).toBe(`/v1/value/assessments/${stored.id}`);
    const read = await get(`/assessments/${stored.id}`, 'auditor');
    expect(((await read.json()) as { reason: string }).reason).toBe(body.reason);
    const list = await get(`/assessments?technology=${body.technology}`, 'reviewer');
    expect(((await list.json()) as { items: { id: string }[] }).items.map((a) => a.id)).toContain(
      stored.id,
    );
    expect((await post('/assessments', body, 'hospital')).status).toBe(403);
    const bad = await post('/assessments', { ...body, decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('"path":["decision"]');
  });

  it('proposes a dynamic adjustment as a draft policy version, never editing the one in force', async () => {
    const body = {
      region: '230100',
      effectiveFrom: '2026-01-01',
      id: 'demo-230100-2026-adjusted',
      measures: {
        '270800001000000': {
          cost_decline: '0.2',
          grade3_adverse_event_rate: '0.11',
          fund_spend_share: '0.06',
        },
      },
    };
    const res = await post('/adjustment-proposals', body);
    expect(res.status, await res.clone().text()).toBe(201);
    const answer = (await res.json()) as {
      proposals: { rule: string; kind: string; proposed?: string }[];
      policy: string;
    };
    expect(answer.proposals.map((p) => [p.rule, p.kind, p.proposed ?? null])).toEqual([
      ['gene-test-cost-decline', 'adjust_standard', '1800.00'],
      ['gene-test-adverse-events', 'adjust_standard', '1440.00'],
      ['gene-test-fund-share-review', 'review', null],
    ]);
    const draft = await api.request(`/v1/policies/${answer.policy}`, { as: 'admin' });
    expect(draft.status).toBe(200);
    expect(
      ((await draft.json()) as { summary: { activeFrom: string | null } }).summary.activeFrom,
    ).toBeNull();
    const standard = await post('/standards', {
      item: '270800001000000',
      date: '2026-06-01',
      region: '310104',
      fundRegion: '230100',
    });
    expect(((await standard.json()) as { standard: string }).standard).toBe('2000.00');
    expect((await post('/adjustment-proposals', body)).status).toBe(409);
    expect((await post('/adjustment-proposals', body, 'hospital')).status).toBe(403);
  });
});
