/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OTHER_INSTITUTION,
  OWN_INSTITUTION,
  type TestApi,
  claimJson,
  testApi,
} from './__fixtures__/harness.ts';

/**
 * Two integrators, one patient: H1 (the demo hospital) treats a person and holds an approval for
 * them; H2 (another hospital) then sends its own claims for the same person. H2 learns only what
 * its own claim needs — the decision — never H1's records (accumulators) or ids (approvals), and
 * H1's approval pays nothing at H2.
 */

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;

const OUT_OF_CATALOG = 'XL01XXZ999A001010100001';
const drugLine = (quantity: string) => [
  { code: OUT_OF_CATALOG, name: '目录外抗肿瘤药', quantity, unitPrice: '100.00' },
];

async function settleAt(as: 'hospital' | 'otherHospital', body: Record<string, unknown>) {
  return api.request('/v1/claims/settle', {
    json: body,
    headers: { 'idempotency-key': `k-${String(body['id'])}` },
    as,
  });
}

describe('a patient of another institution', () => {
  const person = 'P-450001';
  beforeAll(async () => {
    const res = await settleAt('hospital', claimJson({ id: 'C-X1', personId: person }));
    expect(res.status).toBe(201);
  });

  it('pre-checks H2’s claim for H1’s patient without H1’s accumulators', async () => {
    const own = claimJson({ id: 'C-X2', personId: person, institutionCode: OTHER_INSTITUTION });
    const res = await api.request('/v1/claims/precheck', { json: own, as: 'otherHospital' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).not.toHaveProperty('accumulatorsBefore');
    expect(body).not.toHaveProperty('accumulatorsAfter');
    expect(body['accumulatorsWithheld']).toBe(true);
    expect(body['payers']).toBeDefined();
    // The accumulators route refuses them too: the same rule.
    expect(
      (await api.request(`/v1/accumulators/${person}/2025`, { as: 'otherHospital' })).status,
    ).toBe(404);
    // The fund and H1 see them.
    for (const as of ['admin', 'hospital'] as const) {
      const claim =
        as === 'admin' ? own : claimJson({ id: 'C-X3', personId: person, date: '2025-06-20' });
      const seen = await json(await api.request('/v1/claims/precheck', { json: claim, as }));
      expect(seen['accumulatorsBefore']).toMatchObject({ personId: person, admissions: 1 });
    }
  });

  it('refuses H2 a coverage decision on H1’s claim', async () => {
    const res = await api.request('/v1/catalog/coverage', {
      json: claimJson({ id: 'C-X1', personId: person }),
      as: 'otherHospital',
    });
    expect(res.status).toBe(403);
    const own = await api.request('/v1/catalog/coverage', {
      json: claimJson({ id: 'C-X4', personId: person, institutionCode: OTHER_INSTITUTION }),
      as: 'otherHospital',
    });
    expect(own.status).toBe(200);
  });
});

describe('an approval granted to one institution', () => {
  const person = 'P-450002';
  beforeAll(async () => {
    const requested = await api.request('/v1/approvals', {
      as: 'hospital',
      json: {
        id: 'AP-X1',
        kind: 'out_of_catalog',
        item: { kind: 'drug', code: OUT_OF_CATALOG, name: '目录外抗肿瘤药' },
        personId: person,
        institution: { code: OWN_INSTITUTION, tier: 'tertiary' },
        requestedBy: { id: 'D-0101', title: 'chief' },
        reason: '无目录内替代',
        alternativesConsidered: ['吉非替尼片'],
        informedConsent: true,
        requestedOn: '2025-06-01',
        requestedQuantity: '10',
        requestedDays: 60,
      },
    });
    expect(requested.status).toBe(201);
    const approved = await api.request('/v1/approvals/AP-X1/approve', {
      as: 'reviewer',
      json: {
        comment: '同意',
        validFrom: '2025-06-01',
        validTo: '2025-07-30',
        approvedQuantity: '10',
      },
    });
    expect(approved.status).toBe(200);
  });

  const claimAt = (id: string, institutionCode: string) =>
    claimJson({ id, personId: person, institutionCode, lines: drugLine('2') });

  it('is neither shown to nor drawn by another institution’s claim', async () => {
    const pre = await json(
      await api.request('/v1/claims/precheck', {
        json: claimAt('C-Y1', OTHER_INSTITUTION),
        as: 'otherHospital',
      }),
    );
    expect(pre['lines'][0]).toMatchObject({ outcome: 'not_covered', approvalId: null });
    expect(JSON.stringify(pre)).not.toContain('AP-X1');
    const coverage = await json(
      await api.request('/v1/catalog/coverage', {
        json: claimAt('C-Y1', OTHER_INSTITUTION),
        as: 'otherHospital',
      }),
    );
    expect(JSON.stringify(coverage)).not.toContain('AP-X1');
    const settled = await json(await settleAt('otherHospital', claimAt('C-Y1', OTHER_INSTITUTION)));
    expect(settled['settlement']['lines'][0]).toMatchObject({ approvalId: null });
    const approval = await json(await api.request('/v1/approvals/AP-X1', { as: 'admin' }));
    expect(approval['approval']['drawdowns']).toEqual([]);
  });

  it('is drawn by its own institution, and the drawdown names it', async () => {
    const settled = await json(await settleAt('hospital', claimAt('C-Y2', OWN_INSTITUTION)));
    expect(settled['settlement']['lines'][0]).toMatchObject({
      outcome: 'covered',
      approvalId: 'AP-X1',
    });
    const approval = await json(await api.request('/v1/approvals/AP-X1', { as: 'hospital' }));
    expect(approval['approval']['drawdowns']).toMatchObject([
      { claimId: 'C-Y2', institutionCode: OWN_INSTITUTION, quantity: '2' },
    ]);
  });
});

describe('a claim paid once', () => {
  it('answers 409 naming the settlement when the same claim comes under another key', async () => {
    const claim = claimJson({ id: 'C-ONCE', personId: 'P-450003' });
    const first = await api.request('/v1/claims/settle', {
      json: claim,
      headers: { 'idempotency-key': 'once-1' },
      as: 'hospital',
    });
    expect(first.status).toBe(201);
    const id = (await json(first))['id'] as string;
    const second = await api.request('/v1/claims/settle', {
      json: claim,
      headers: { 'idempotency-key': 'once-2' },
      as: 'hospital',
    });
    expect(second.status).toBe(409);
    expect((await json(second))['error']['issues'][0]).toMatchObject({
      code: 'ledger.claim_already_settled',
      data: { settlementId: id },
    });
    const replay = await api.request('/v1/claims/settle', {
      json: claim,
      headers: { 'idempotency-key': 'once-1' },
      as: 'hospital',
    });
    expect(replay.status).toBe(200);
  });

  it('refuses a negative claim with the field named, and leaves the admissions alone', async () => {
    const claim = claimJson({ id: 'C-NEG', personId: 'P-450004' });
    const lines = claim['lines'] as Record<string, unknown>[];
    Object.assign(lines[0] as object, { quantity: '-1', amount: '-5000.00' });
    claim['totalAmount'] = '-5000.00';
    const res = await api.request('/v1/claims/settle', {
      json: claim,
      headers: { 'idempotency-key': 'neg-1' },
      as: 'hospital',
    });
    expect(res.status).toBe(400);
    const issues = (await json(res))['error']['issues'] as Body[];
    expect(issues.map((i) => [i['code'], i['path']])).toContainEqual([
      'claim.negative_quantity',
      ['lines', 0, 'quantity'],
    ]);
    expect((await api.request('/v1/accumulators/P-450004/2025')).status).toBe(200);
    const acc = await json(await api.request('/v1/accumulators/P-450004/2025'));
    expect(acc['admissions'] ?? acc['accumulators']?.['admissions']).toBe(0);
  });

  it('refuses a service date after 2200 at settle with the field named (was 500)', async () => {
    const claim = claimJson({ id: 'C-2201', personId: 'P-450005', date: '2201-01-05' });
    claim['admissionDate'] = '2201-01-01';
    const res = await api.request('/v1/claims/settle', {
      json: claim,
      headers: { 'idempotency-key': 'y-2201' },
      as: 'hospital',
    });
    expect(res.status).toBe(400);
    const issues = (await json(res))['error']['issues'] as Body[];
    expect(issues.map((i) => i['code'])).toContain('claim.date_out_of_range');
  });
});
