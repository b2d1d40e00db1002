/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { readDemoPolicyText } from '@openpayer/pricing/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, claimJson, testApi } from '../__fixtures__/harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;
const yaml = (text: string, as: 'admin' | 'reviewer' = 'admin') =>
  api.request('/v1/policies', {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: text,
    as,
  });

describe('policies', () => {
  it('lists and reads the activated demo policy', async () => {
    const list = await json(await api.request('/v1/policies', { as: 'auditor' }));
    expect(list['items']).toEqual([
      expect.objectContaining({
        id: 'demo-230100-2025.1',
        region: '230100',
        activeFrom: '2025-01-01',
      }),
    ]);
    const one = await json(await api.request('/v1/policies/demo-230100-2025.1'));
    expect(one['policy']['parameters']['reimbursement'][0]['value'][0]).toEqual({
      upTo: '50000.00',
      ratio: '0.85',
    });
    expect((await api.request('/v1/policies/none')).status).toBe(404);
  });

  it('uploads a new version, activates it from a date, and claims after that date use it', async () => {
    const text = readDemoPolicyText()
      .replace('id: demo-230100-2025.1', 'id: demo-230100-2025.2')
      .replace("ratio: '0.85'", "ratio: '0.8'");
    expect((await yaml(text, 'reviewer')).status).toBe(403);
    const uploaded = await yaml(text);
    expect(uploaded.status).toBe(201);
    expect(await json(uploaded)).toMatchObject({ id: 'demo-230100-2025.2', activeFrom: null });
    expect((await yaml(text)).status).toBe(409);

    const clash = await api.request('/v1/policies/demo-230100-2025.2/activate', {
      json: { from: '2025-01-01' },
    });
    expect(clash.status).toBe(409);
    expect((await json(clash))['error']['issues'][0]['code']).toBe('policy.activation_conflict');
    const reviewer = await api.request('/v1/policies/demo-230100-2025.2/activate', {
      json: { from: '2025-06-20' },
      as: 'reviewer',
    });
    expect(reviewer.status).toBe(403);
    const activated = await api.request('/v1/policies/demo-230100-2025.2/activate', {
      json: { from: '2025-06-20' },
    });
    expect(activated.status).toBe(200);
    expect(await json(activated)).toMatchObject({
      activeFrom: '2025-06-20',
      activatedBy: 'demo-admin',
    });

    const before = await json(
      await api.request('/v1/claims/precheck', {
        json: claimJson({ id: 'C-PV1', personId: 'P-300001', date: '2025-06-15' }),
      }),
    );
    const after = await json(
      await api.request('/v1/claims/precheck', {
        json: claimJson({ id: 'C-PV2', personId: 'P-300001', date: '2025-06-25' }),
      }),
    );
    expect(before).toMatchObject({
      versions: { policy: 'demo-230100-2025.1' },
      layers: { basic: { fund: '3400.00' } },
    });
    // (5,000.00 − 1,000.00) × 80% = 3,200.00
    expect(after).toMatchObject({
      versions: { policy: 'demo-230100-2025.2' },
      layers: { basic: { fund: '3200.00' } },
    });
  });

  it('refuses an invalid policy with issues naming the fields, and YAML syntax errors with 400', async () => {
    const invalid = readDemoPolicyText()
      .replace('id: demo-230100-2025.1', 'id: demo-bad')
      .replace("ratio: '0.85'", "ratio: '1.85'");
    const res = await yaml(invalid);
    expect(res.status).toBe(422);
    const issues = (await json(res))['error']['issues'];
    expect(issues[0]).toMatchObject({
      code: 'policy.invalid',
      path: ['parameters', 'reimbursement', 0, 'value', 0, 'ratio'],
    });
    const syntax = await yaml('id: [unclosed');
    expect(syntax.status).toBe(400);
    const media = await api.request('/v1/policies', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(media.status).toBe(415);
    const json400 = await api.request('/v1/policies', { json: { id: 'x' } });
    expect(json400.status).toBe(422);
    expect(
      (await api.request('/v1/policies/none/activate', { json: { from: '2025-01-01' } })).status,
    ).toBe(404);
    expect(
      (await api.request('/v1/policies/demo-bad/activate', { json: { from: '2025-13-01' } }))
        .status,
    ).toBe(400);
  });
});

const OUT_OF_CATALOG = 'XL01XXZ999A001010100001';

function request(id: string, change: Record<string, unknown> = {}) {
  return {
    id,
    kind: 'out_of_catalog',
    item: { kind: 'drug', code: OUT_OF_CATALOG, name: '目录外抗肿瘤药' },
    personId: 'P-200001',
    institution: { code: 'H23010300012', tier: 'tertiary' },
    requestedBy: { id: 'D-0101', title: 'associate_chief' },
    reason: '一线靶向治疗耐药，目录内替代药品均已使用',
    alternativesConsidered: ['吉非替尼片', '达可替尼片'],
    informedConsent: true,
    requestedOn: '2025-06-30',
    requestedQuantity: '10',
    requestedDays: 90,
    ...change,
  };
}

const drugClaim = (id: string, quantity: string) =>
  claimJson({
    id,
    personId: 'P-200001',
    date: '2025-07-10',
    lines: [{ code: OUT_OF_CATALOG, name: '目录外抗肿瘤药', quantity, unitPrice: '100.00' }],
  });

describe('approvals', () => {
  it('request → approve → drawn down by later claims → exhausted → given back on reversal', async () => {
    const created = await api.request('/v1/approvals', { json: request('AP-1'), as: 'hospital' });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ approval: { status: 'requested' }, revision: 1 });
    expect(
      (await api.request('/v1/approvals', { json: request('AP-1'), as: 'hospital' })).status,
    ).toBe(409);

    const queue = await json(
      await api.request('/v1/approvals?status=requested', { as: 'reviewer' }),
    );
    expect(queue['items'].map((a: Body) => a['approval']['id'])).toContain('AP-1');

    // Without the approval the drug is not covered.
    const before = await json(
      await api.request('/v1/claims/precheck', { json: drugClaim('C-AP0', '4'), as: 'hospital' }),
    );
    expect(before['lines'][0]).toMatchObject({ outcome: 'not_covered', approvalId: null });

    const decision = {
      comment: '同意，按月复评',
      validFrom: '2025-07-01',
      validTo: '2025-09-28',
      approvedQuantity: '10',
    };
    expect(
      (await api.request('/v1/approvals/AP-1/approve', { json: decision, as: 'hospital' })).status,
    ).toBe(403);
    expect(
      (await api.request('/v1/approvals/AP-1/approve', { json: decision, as: 'auditor' })).status,
    ).toBe(403);
    const approved = await api.request('/v1/approvals/AP-1/approve', {
      json: decision,
      as: 'reviewer',
    });
    expect(approved.status).toBe(200);
    expect(await json(approved)).toMatchObject({
      approval: {
        status: 'approved',
        decision: {
          by: { id: 'demo-reviewer', role: 'reviewer' },
          on: '2025-07-01',
          approvedQuantity: '10',
        },
      },
      revision: 2,
    });
    const twice = await api.request('/v1/approvals/AP-1/approve', {
      json: decision,
      as: 'reviewer',
    });
    expect(twice.status).toBe(422);
    expect((await json(twice))['error']['issues'][0]['code']).toBe('approval.invalid_transition');

    // The pre-check now answers what settling would: covered by the approval, nothing drawn.
    const previewed = await json(
      await api.request('/v1/claims/precheck', { json: drugClaim('C-AP1', '4'), as: 'hospital' }),
    );
    expect(previewed['lines'][0]).toMatchObject({ outcome: 'covered', approvalId: 'AP-1' });
    expect(
      (await json(await api.request('/v1/approvals/AP-1', { as: 'hospital' })))['approval'][
        'drawdowns'
      ],
    ).toEqual([]);

    const first = await json(
      await api.request('/v1/claims/settle', {
        json: drugClaim('C-AP1', '4'),
        headers: { 'idempotency-key': 'ap-1' },
        as: 'hospital',
      }),
    );
    expect(first['settlement']['lines'][0]).toMatchObject({
      outcome: 'covered',
      approvalId: 'AP-1',
    });
    let stored = await json(await api.request('/v1/approvals/AP-1', { as: 'hospital' }));
    expect(stored['approval']['drawdowns']).toEqual([
      {
        claimId: 'C-AP1',
        lineId: 'L1',
        quantity: '4',
        on: '2025-07-10',
        institutionCode: 'H23010300012',
      },
    ]);

    const second = await json(
      await api.request('/v1/claims/settle', {
        json: drugClaim('C-AP2', '6'),
        headers: { 'idempotency-key': 'ap-2' },
        as: 'hospital',
      }),
    );
    stored = await json(await api.request('/v1/approvals/AP-1'));
    expect(stored['approval']['status']).toBe('exhausted');

    const reversed = await api.request(`/v1/settlements/${second['id'] as string}/reverse`, {
      json: { reason: '重复结算' },
      as: 'hospital',
    });
    expect(reversed.status).toBe(200);
    stored = await json(await api.request('/v1/approvals/AP-1'));
    expect(stored['approval']).toMatchObject({
      status: 'approved',
      drawdowns: [{ claimId: 'C-AP1' }],
    });
  });

  it('rejects with a reason; refuses requests the policy does not allow; hides other institutions', async () => {
    await api.request('/v1/approvals', { json: request('AP-2'), as: 'hospital' });
    expect(
      (await api.request('/v1/approvals/AP-2/reject', { json: {}, as: 'reviewer' })).status,
    ).toBe(400);
    const rejected = await api.request('/v1/approvals/AP-2/reject', {
      json: { comment: '有目录内替代药品' },
      as: 'reviewer',
    });
    expect(rejected.status).toBe(200);
    expect((await json(rejected))['approval']['status']).toBe('rejected');

    const noConsent = await api.request('/v1/approvals', {
      json: request('AP-3', { informedConsent: false }),
      as: 'hospital',
    });
    expect(noConsent.status).toBe(422);
    expect((await json(noConsent))['error']['issues'].map((i: Body) => i['code'])).toContain(
      'approval.informed_consent_missing',
    );

    const unknownField = await api.request('/v1/approvals', {
      json: { ...request('AP-4'), urgent: true },
      as: 'hospital',
    });
    expect(unknownField.status).toBe(400);

    const forOther = await api.request('/v1/approvals', {
      json: request('AP-5', { institution: { code: 'H23010200077', tier: 'tertiary' } }),
      as: 'hospital',
    });
    expect(forOther.status).toBe(403);
    expect((await api.request('/v1/approvals/AP-2', { as: 'otherHospital' })).status).toBe(404);
    expect(
      (
        await api.request('/v1/approvals/AP-2/reject', {
          json: { comment: 'x' },
          as: 'otherHospital',
        })
      ).status,
    ).toBe(403);
    const otherList = await json(await api.request('/v1/approvals', { as: 'otherHospital' }));
    expect(otherList['items']).toEqual([]);
    expect(
      (await api.request('/v1/approvals?institution=H23010300012', { as: 'otherHospital' })).status,
    ).toBe(403);
    expect((await api.request('/v1/approvals?status=lost')).status).toBe(400);
  });
});
