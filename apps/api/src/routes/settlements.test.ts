/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions (toMatchObject / toEqual) check their shape. */
import { Decimal } from '@openpayer/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_INSTITUTION, type TestApi, claimJson, testApi } from '../__fixtures__/harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;

const settle = (claim: unknown, key: string, as: Parameters<TestApi['request']>[1] = {}) =>
  api.request('/v1/claims/settle', { json: claim, headers: { 'idempotency-key': key }, ...as });

describe('POST /v1/claims/settle', () => {
  it('settles a claim against the activated policy and stored accumulators, and commits them', async () => {
    const res = await settle(claimJson({ id: 'C-S1', personId: 'P-100001' }), 'k-s1', {
      as: 'hospital',
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(res.headers.get('location')).toBe(`/v1/settlements/${body['id'] as string}`);
    // 5,000.00 eligible − 1,000.00 first-admission deductible = 4,000.00 × 85% = 3,400.00
    expect(body).toMatchObject({
      status: 'settled',
      institutionCode: 'H23010300012',
      claimId: 'C-S1',
      serviceDate: '2025-06-15',
      settlement: {
        total: '5000.00',
        versions: { policy: 'demo-230100-2025.1', catalog: 'nrdl-2024' },
        layers: { basic: { deductible: '1000.00', fund: '3400.00' } },
        accumulatorsBefore: { admissions: 0 },
        accumulatorsAfter: { admissions: 1, fundPaid: '3400.00' },
      },
    });
    const acc = await json(await api.request('/v1/accumulators/P-100001/2025', { as: 'hospital' }));
    expect(acc).toMatchObject({ admissions: 1, fundPaid: '3400.00' });
  });

  it('uses the stored accumulators: the second admission pays the lower deductible', async () => {
    const first = await settle(claimJson({ id: 'C-S2a', personId: 'P-100002' }), 'k-s2a');
    expect(first.status).toBe(201);
    const second = await json(
      await settle(claimJson({ id: 'C-S2b', personId: 'P-100002' }), 'k-s2b'),
    );
    // (5,000.00 − 500.00) × 85% = 3,825.00
    expect(second['settlement']).toMatchObject({
      layers: { basic: { deductible: '500.00', fund: '3825.00' } },
      accumulatorsBefore: { admissions: 1, fundPaid: '3400.00' },
    });
  });

  it('replays a retry with the same key and body, and refuses the key for another body', async () => {
    const claim = claimJson({ id: 'C-S3', personId: 'P-100003' });
    const first = await settle(claim, 'k-s3');
    const again = await settle(claim, 'k-s3');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [replayed, original] = [await json(again), await json(first)];
    expect(replayed['id']).toBe(original['id']);
    expect([replayed['serviceDate'], original['serviceDate']]).toEqual([
      '2025-06-15',
      '2025-06-15',
    ]);
    const other = await settle(claimJson({ id: 'C-S3-other', personId: 'P-100003' }), 'k-s3');
    expect(other.status).toBe(409);
    expect(await json(other)).toMatchObject({
      error: {
        code: 'conflict',
        issues: [{ code: 'ledger.idempotency_key_reused', path: ['Idempotency-Key'] }],
      },
    });
  });

  it('settles 200 concurrent identical requests with one key exactly once', async () => {
    const claim = claimJson({ id: 'C-IDEM', personId: 'P-100004' });
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => settle(claim, 'k-idem-200')),
    );
    const bodies = await Promise.all(responses.map(json));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(199);
    expect(new Set(bodies.map((b) => b['id'])).size).toBe(1);
    const listed = await json(await api.request('/v1/settlements?claim=C-IDEM'));
    expect(listed['items']).toHaveLength(1);
    const acc = await json(await api.request('/v1/accumulators/P-100004/2025'));
    expect(acc['admissions']).toBe(1);
  });

  it('requires an Idempotency-Key', async () => {
    const res = await api.request('/v1/claims/settle', { json: claimJson({ id: 'C-NOKEY' }) });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      error: { code: 'invalid_request', issues: [{ path: ['Idempotency-Key'] }] },
    });
  });

  it('answers a bad claim with 400 naming every field, and commits nothing', async () => {
    const bad = {
      ...claimJson({ id: 'C-BAD', personId: 'P-100005' }),
      surprise: 1,
      totalAmount: '1.234',
    };
    const res = await settle(bad, 'k-bad');
    expect(res.status).toBe(400);
    const body = await json(res);
    const paths = (body['error']['issues'] as { path: unknown[] }[]).map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['totalAmount']));
    expect(paths.some((p) => p === '' || p.includes('surprise'))).toBe(true);
    const acc = await json(await api.request('/v1/accumulators/P-100005/2025'));
    expect(acc['admissions']).toBe(0);
  });

  it('answers 400 for malformed JSON, 415 for another media type, 422 without a policy in force', async () => {
    const malformed = await api.request('/v1/claims/settle', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-m' },
      body: '{"id": ',
    });
    expect(malformed.status).toBe(400);
    expect((await json(malformed))['error']['code']).toBe('malformed_json');
    const text = await api.request('/v1/claims/settle', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'idempotency-key': 'k-t' },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    const early = await settle(claimJson({ id: 'C-EARLY', date: '2024-06-15' }), 'k-early');
    // (the admission is after the discharge here too, which the claim check refuses first)
    expect([400, 422]).toContain(early.status);
    const claim = claimJson({ id: 'C-1999' });
    const past = await settle(
      {
        ...claim,
        admissionDate: '2019-06-01',
        dischargeDate: '2019-06-05',
        lines: (claim['lines'] as Body[]).map((l) => ({ ...l, date: '2019-06-02' })),
      },
      'k-1999',
    );
    expect(past.status).toBe(422);
    expect((await json(past))['error']['issues'].map((i: Body) => i['code'])).toEqual(
      expect.arrayContaining(['settlement.no_policy_in_force']),
    );
  });

  it('refuses an integrator settling for another institution, and the reviewer and auditor roles', async () => {
    const claim = claimJson({ id: 'C-OTHER', institutionCode: OTHER_INSTITUTION });
    expect((await settle(claim, 'k-o1', { as: 'hospital' })).status).toBe(403);
    expect((await settle(claimJson({ id: 'C-R' }), 'k-r', { as: 'reviewer' })).status).toBe(403);
    expect((await settle(claimJson({ id: 'C-A' }), 'k-a', { as: 'auditor' })).status).toBe(403);
    expect((await settle(claimJson({ id: 'C-N' }), 'k-n', { as: 'anonymous' })).status).toBe(401);
  });
});

describe('POST /v1/claims/precheck', () => {
  it('answers what a claim would pay and commits nothing', async () => {
    const claim = claimJson({ id: 'C-P1', personId: 'P-100010' });
    const res = await api.request('/v1/claims/precheck', { json: claim, as: 'auditor' });
    expect(res.status).toBe(200);
    const preview = await json(res);
    expect(preview).toMatchObject({ layers: { basic: { fund: '3400.00' } } });
    const acc = await json(await api.request('/v1/accumulators/P-100010/2025'));
    expect(acc['admissions']).toBe(0);
    // The same figures as a real settlement.
    const settled = await json(await settle(claim, 'k-p1'));
    expect(settled['settlement']['payers']).toEqual(preview['payers']);
  });
});

describe('settlements: get, list, reverse', () => {
  it('lists newest first with a cursor that never repeats or skips', async () => {
    for (let i = 0; i < 7; i++) {
      expect(
        (await settle(claimJson({ id: `C-L${i}`, personId: 'P-100020' }), `k-l${i}`)).status,
      ).toBe(201);
    }
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Body = await json(
        await api.request(
          `/v1/settlements?person=P-100020&limit=3${after === null ? '' : `&after=${after}`}`,
        ),
      );
      seen.push(...(page['items'] as Body[]).map((s) => s['claimId'] as string));
      after = page['next'] as string | null;
    } while (after !== null);
    expect(seen).toEqual(['C-L6', 'C-L5', 'C-L4', 'C-L3', 'C-L2', 'C-L1', 'C-L0']);
  });

  it('refuses unknown filters and bad values with 400 naming the parameter', async () => {
    const res = await api.request('/v1/settlements?colour=red&limit=0');
    expect(res.status).toBe(400);
    const paths = (await json(res))['error']['issues'].map((i: Body) =>
      (i['path'] as string[]).join('.'),
    );
    expect(paths).toEqual(expect.arrayContaining(['limit']));
  });

  it('reverses exactly once: the accumulators return to where they were', async () => {
    const before = await json(await api.request('/v1/accumulators/P-100030/2025'));
    const settled = await json(
      await settle(claimJson({ id: 'C-REV', personId: 'P-100030' }), 'k-rev', { as: 'hospital' }),
    );
    const id = settled['id'] as string;
    const reversed = await api.request(`/v1/settlements/${id}/reverse`, {
      json: { reason: '患者出院结算信息有误' },
      as: 'hospital',
    });
    expect(reversed.status).toBe(200);
    expect(await json(reversed)).toMatchObject({
      status: 'reversed',
      reversal: { by: 'demo-hospital', reason: '患者出院结算信息有误' },
    });
    expect(await json(await api.request('/v1/accumulators/P-100030/2025'))).toEqual(before);
    const twice = await api.request(`/v1/settlements/${id}/reverse`, { json: { reason: 'again' } });
    expect(twice.status).toBe(409);
    expect((await json(twice))['error']['issues'][0]['code']).toBe('ledger.already_reversed');
    const noReason = await api.request(`/v1/settlements/${id}/reverse`, { json: {} });
    expect(noReason.status).toBe(400);
    const got = await json(await api.request(`/v1/settlements/${id}`, { as: 'auditor' }));
    expect(got['status']).toBe('reversed');
    expect((await api.request('/v1/settlements?status=reversed&claim=C-REV')).status).toBe(200);
  });

  it('hides another institution’s settlements from an integrator (404, not 403)', async () => {
    const settled = await json(
      await settle(claimJson({ id: 'C-HIDE', personId: 'P-100040' }), 'k-hide', { as: 'hospital' }),
    );
    const id = settled['id'] as string;
    expect((await api.request(`/v1/settlements/${id}`, { as: 'otherHospital' })).status).toBe(404);
    expect(
      (
        await api.request(`/v1/settlements/${id}/reverse`, {
          json: { reason: 'x' },
          as: 'otherHospital',
        })
      ).status,
    ).toBe(404);
    const list = await json(
      await api.request('/v1/settlements?claim=C-HIDE', { as: 'otherHospital' }),
    );
    expect(list['items']).toEqual([]);
    expect(
      (await api.request('/v1/settlements?institution=H23010300012', { as: 'otherHospital' }))
        .status,
    ).toBe(403);
    expect(
      (await api.request('/v1/accumulators/P-100040/2025', { as: 'otherHospital' })).status,
    ).toBe(404);
    expect((await api.request(`/v1/settlements/stl_nothing`)).status).toBe(404);
  });
});

describe('GET /v1/settlements/totals', () => {
  /** A one-line claim served in another month (admitted on the 1st, discharged on `date`). */
  const dated = (id: string, date: string, unitPrice: string, institutionCode?: string) => ({
    ...claimJson({
      id,
      personId: `P-T-${id}`,
      date,
      lines: [
        { code: 'XC04ABF039A001010100141', name: '酚妥拉明注射剂', quantity: '1', unitPrice },
      ],
      ...(institutionCode === undefined ? {} : { institutionCode }),
    }),
    admissionDate: `${date.slice(0, 8)}01`,
  });

  /** Every page of the list for a query, summed here: settlements, total, and each payer. */
  async function listedSum(query: string, as: Parameters<TestApi['request']>[1] = {}) {
    let settlements = 0;
    let total = new Decimal(0);
    const payers = new Map<string, Decimal>();
    let after: string | null = null;
    do {
      const page: Body = await json(
        await api.request(
          `/v1/settlements?${query}&limit=200${after === null ? '' : `&after=${after}`}`,
          as,
        ),
      );
      for (const item of page['items'] as Body[]) {
        settlements += 1;
        total = total.add(item['settlement']['total'] as string);
        for (const [party, amount] of Object.entries(item['settlement']['payers'] as Body)) {
          payers.set(party, (payers.get(party) ?? new Decimal(0)).add(amount as string));
        }
      }
      after = page['next'] as string | null;
    } while (after !== null);
    return {
      settlements,
      total: total.toFixed(2),
      payers: Object.fromEntries([...payers].map(([p, v]) => [p, v.toFixed(2)])),
    };
  }

  beforeAll(async () => {
    const claims = [
      dated('C-T1', '2025-02-14', '1200.00'),
      dated('C-T2', '2025-02-28', '345.67'),
      dated('C-T3', '2025-03-03', '8000.01'),
      dated('C-T4', '2025-03-31', '99.99', OTHER_INSTITUTION),
      dated('C-T5', '2025-04-10', '2500.50'),
    ];
    for (const claim of claims) {
      const res = await settle(claim, `k-${String((claim as Body)['id'])}`);
      expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    }
    const reversed = await json(await api.request('/v1/settlements?claim=C-T5'));
    const id = (reversed['items'] as Body[])[0]?.['id'] as string;
    expect(
      (await api.request(`/v1/settlements/${id}/reverse`, { json: { reason: '测试冲正' } })).status,
    ).toBe(200);
  });

  it('sums each month exactly to the settlements the list returns with the same filters', async () => {
    const res = await api.request(
      '/v1/settlements/totals?groupBy=month&status=all&serviceFrom=2025-02-01&serviceTo=2025-05-01',
      { as: 'auditor' },
    );
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body['groupBy']).toBe('month');
    expect(body['status']).toBe('all');
    expect(body['periods'].map((p: Body) => [p['period'], p['settlements']])).toEqual([
      ['2025-02', 2],
      ['2025-03', 2],
      ['2025-04', 1],
    ]);
    for (const [period, from, to] of [
      ['2025-02', '2025-02-01', '2025-03-01'],
      ['2025-03', '2025-03-01', '2025-04-01'],
      ['2025-04', '2025-04-01', '2025-05-01'],
    ] as const) {
      const row = (body['periods'] as Body[]).find((p) => p['period'] === period);
      const { settlements, total, payers } = row ?? {};
      expect({ settlements, total, payers }).toEqual(
        await listedSum(`serviceFrom=${from}&serviceTo=${to}`),
      );
    }
    // 1,200.00 + 345.67, and the payers add up to the total.
    const february = (body['periods'] as Body[])[0] ?? {};
    expect(february['total']).toBe('1545.67');
    expect(
      Object.values(february['payers'] as Record<string, string>)
        .reduce((sum, a) => sum.add(a), new Decimal(0))
        .toFixed(2),
    ).toBe('1545.67');
    const settledOnly = await json(
      await api.request(
        '/v1/settlements/totals?status=settled&serviceFrom=2025-04-01&serviceTo=2025-05-01',
      ),
    );
    expect(settledOnly['periods']).toEqual([]);
  });

  it('counts only settled settlements by default, as a fund reports, and the reversed ones when asked', async () => {
    const window = 'serviceFrom=2025-02-01&serviceTo=2025-05-01';
    const byDefault = await json(await api.request(`/v1/settlements/totals?${window}`));
    // C-T5 (April, 2,500.50) was reversed: it paid nothing and is not in the default totals.
    expect(byDefault['periods'].map((p: Body) => [p['period'], p['settlements']])).toEqual([
      ['2025-02', 2],
      ['2025-03', 2],
    ]);
    expect(byDefault['status']).toBe('settled');
    expect(byDefault).toEqual(
      await json(await api.request(`/v1/settlements/totals?status=settled&${window}`)),
    );
    const march = (byDefault['periods'] as Body[])[1] ?? {};
    const { settlements, total, payers } = march;
    expect({ settlements, total, payers }).toEqual(
      await listedSum('status=settled&serviceFrom=2025-03-01&serviceTo=2025-04-01'),
    );
    const reversed = await json(
      await api.request(`/v1/settlements/totals?status=reversed&${window}`),
    );
    expect(reversed['periods']).toEqual([
      expect.objectContaining({ period: '2025-04', settlements: 1, total: '2500.50' }),
    ]);
  });

  it('shows an integrator only its own institution, and refuses another one (403)', async () => {
    const window = 'serviceFrom=2025-03-01&serviceTo=2025-04-01';
    const own = await json(
      await api.request(`/v1/settlements/totals?${window}`, { as: 'hospital' }),
    );
    expect(own['periods']).toEqual([
      expect.objectContaining({ period: '2025-03', settlements: 1, total: '8000.01' }),
    ]);
    const other = await json(
      await api.request(`/v1/settlements/totals?${window}`, { as: 'otherHospital' }),
    );
    expect(other['periods']).toEqual([
      expect.objectContaining({ period: '2025-03', settlements: 1, total: '99.99' }),
    ]);
    const { settlements, total } = (other['periods'] as Body[])[0] ?? {};
    expect({ settlements, total }).toEqual({
      settlements: (await listedSum(window, { as: 'otherHospital' })).settlements,
      total: (await listedSum(window, { as: 'otherHospital' })).total,
    });
    expect(
      (
        await api.request('/v1/settlements/totals?institution=H23010300012', {
          as: 'otherHospital',
        })
      ).status,
    ).toBe(403);
  });

  it('refuses an unknown grouping, a bad date and an unknown parameter with 400 naming it', async () => {
    for (const [query, path] of [
      ['groupBy=year', 'groupBy'],
      ['serviceFrom=2025-13-01', 'serviceFrom'],
      ['status=open', 'status'],
    ] as const) {
      const res = await api.request(`/v1/settlements/totals?${query}`);
      expect(res.status, query).toBe(400);
      const paths = (await json(res))['error']['issues'].map((i: Body) =>
        (i['path'] as string[]).join('.'),
      );
      expect(paths).toEqual([path]);
    }
    expect((await api.request('/v1/settlements/totals?colour=red')).status).toBe(400);
    expect((await api.request('/v1/settlements/totals', { as: 'anonymous' })).status).toBe(401);
  });
});
