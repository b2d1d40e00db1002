import { readDemoPolicyText } from '@openpayer/pricing/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirClaimJson } from './__fixtures__/fhir.ts';
import { type As, type TestApi, claimJson, testApi } from './__fixtures__/harness.ts';

/**
 * Object-level authorization: every object-bearing endpoint × every kind of caller. The callers
 * not allowed go first and must never get a 2xx; then each allowed caller must (on a fresh object
 * where the call changes it), so the matrix also proves the rows are real.
 */

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

const CALLERS: As[] = ['anonymous', 'otherHospital', 'auditor', 'reviewer', 'hospital', 'admin'];
let counter = 0;
const fresh = (prefix: string) => `${prefix}-${++counter}`;

async function settled(): Promise<string> {
  const res = await api.request('/v1/claims/settle', {
    json: claimJson({ id: fresh('C-M'), personId: 'P-400001' }),
    headers: { 'idempotency-key': fresh('k-m') },
    as: 'hospital',
  });
  return ((await res.json()) as { id: string }).id;
}

const approvalRequest = (id: string) => ({
  id,
  kind: 'out_of_catalog',
  item: { kind: 'drug', code: 'XL01XXZ999A001010100001', name: '目录外抗肿瘤药' },
  personId: 'P-400001',
  institution: { code: 'H23010300012', tier: 'tertiary' },
  requestedBy: { id: 'D-0101', title: 'chief' },
  reason: '无目录内替代',
  alternativesConsidered: ['吉非替尼片'],
  informedConsent: true,
  requestedOn: '2025-06-30',
  requestedQuantity: '5',
  requestedDays: 30,
});

async function requested(): Promise<string> {
  const id = fresh('AP-M');
  await api.request('/v1/approvals', { json: approvalRequest(id), as: 'hospital' });
  return id;
}

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly contentType?: string;
}

interface Row {
  readonly name: string;
  readonly allowed: readonly As[];
  /** Builds a call on a fresh object (for calls that change it) or the shared one. */
  readonly call: () => Call | Promise<Call>;
}

const READERS: As[] = ['auditor', 'reviewer', 'hospital', 'admin'];
let sharedSettlement = '';
let sharedApproval = '';

const ROWS: Row[] = [
  {
    name: 'POST /v1/claims/settle',
    allowed: ['hospital', 'admin'],
    call: () => ({
      method: 'POST',
      path: '/v1/claims/settle',
      body: claimJson({ id: fresh('C-MS'), personId: 'P-400002' }),
      headers: { 'idempotency-key': fresh('k-ms') },
    }),
  },
  {
    name: 'POST /v1/fhir/Claim (use: claim, settles)',
    allowed: ['hospital', 'admin'],
    call: () => ({
      method: 'POST',
      path: '/v1/fhir/Claim',
      body: fhirClaimJson({ id: fresh('C-MF'), personId: 'P-400003' }),
      headers: { 'idempotency-key': fresh('k-mf') },
      contentType: 'application/fhir+json',
    }),
  },
  {
    name: 'POST /v1/fhir/Claim (use: predetermination)',
    allowed: READERS,
    call: () => ({
      method: 'POST',
      path: '/v1/fhir/Claim',
      body: fhirClaimJson({ id: 'C-MFP', use: 'predetermination' }),
      contentType: 'application/fhir+json',
    }),
  },
  {
    name: 'POST /v1/claims/precheck',
    allowed: READERS,
    call: () => ({
      method: 'POST',
      path: '/v1/claims/precheck',
      body: claimJson({ id: 'C-MP' }),
    }),
  },
  {
    name: 'POST /v1/catalog/coverage (H1’s claim)',
    allowed: READERS,
    call: () => ({
      method: 'POST',
      path: '/v1/catalog/coverage',
      body: claimJson({ id: 'C-MCOV', personId: 'P-400001' }),
    }),
  },
  {
    name: 'GET /v1/settlements/{id}',
    allowed: READERS,
    call: () => ({ method: 'GET', path: `/v1/settlements/${sharedSettlement}` }),
  },
  {
    name: 'POST /v1/settlements/{id}/reverse',
    allowed: ['hospital', 'admin'],
    call: async () => ({
      method: 'POST',
      path: `/v1/settlements/${await settled()}/reverse`,
      body: { reason: '测试' },
    }),
  },
  {
    name: 'GET /v1/settlements?institution=own',
    allowed: READERS,
    call: () => ({ method: 'GET', path: '/v1/settlements?institution=H23010300012' }),
  },
  {
    name: 'GET /v1/settlements/totals?institution=own',
    allowed: READERS,
    call: () => ({ method: 'GET', path: '/v1/settlements/totals?institution=H23010300012' }),
  },
  {
    name: 'GET /v1/accumulators/{person}/{year}',
    allowed: READERS,
    call: () => ({ method: 'GET', path: '/v1/accumulators/P-400001/2025' }),
  },
  {
    name: 'POST /v1/approvals',
    allowed: ['hospital', 'admin'],
    call: () => ({
      method: 'POST',
      path: '/v1/approvals',
      body: approvalRequest(fresh('AP-MC')),
    }),
  },
  {
    name: 'GET /v1/approvals/{id}',
    allowed: READERS,
    call: () => ({ method: 'GET', path: `/v1/approvals/${sharedApproval}` }),
  },
  {
    name: 'GET /v1/approvals?institution=own',
    allowed: READERS,
    call: () => ({ method: 'GET', path: '/v1/approvals?institution=H23010300012' }),
  },
  {
    name: 'POST /v1/approvals/{id}/approve',
    allowed: ['reviewer', 'admin'],
    call: async () => ({
      method: 'POST',
      path: `/v1/approvals/${await requested()}/approve`,
      body: { validFrom: '2025-07-01', validTo: '2025-07-20', approvedQuantity: '5' },
    }),
  },
  {
    name: 'POST /v1/approvals/{id}/reject',
    allowed: ['reviewer', 'admin'],
    call: async () => ({
      method: 'POST',
      path: `/v1/approvals/${await requested()}/reject`,
      body: { comment: '不同意' },
    }),
  },
  {
    name: 'POST /v1/catalog/releases',
    allowed: ['admin'],
    call: () => ({
      method: 'POST',
      path: '/v1/catalog/releases',
      body: {
        format: 'release',
        release: {
          id: fresh('local'),
          title: '地方增补（测试）',
          region: '230100',
          effective: { start: '2030-01-01', end: null },
          publishedOn: '2029-12-01',
          source: 'test',
          items: [],
        },
      },
    }),
  },
  {
    name: 'POST /v1/policies',
    allowed: ['admin'],
    call: () => ({
      method: 'POST',
      path: '/v1/policies',
      contentType: 'application/yaml',
      body: readDemoPolicyText().replace('id: demo-230100-2025.1', `id: ${fresh('matrix')}`),
    }),
  },
  {
    name: 'POST /v1/policies/{id}/activate',
    allowed: ['admin'],
    call: async () => {
      const id = fresh('matrix-activate');
      await api.request('/v1/policies', {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: readDemoPolicyText().replace('id: demo-230100-2025.1', `id: ${id}`),
      });
      return {
        method: 'POST',
        path: `/v1/policies/${id}/activate`,
        body: { from: `2040-01-${String((counter % 28) + 1).padStart(2, '0')}` },
      };
    },
  },
  {
    name: 'GET /v1/principals',
    allowed: ['admin'],
    call: () => ({ method: 'GET', path: '/v1/principals' }),
  },
  {
    name: 'POST /v1/principals',
    allowed: ['admin'],
    call: () => ({
      method: 'POST',
      path: '/v1/principals',
      body: {
        id: fresh('p'),
        name: '新医院',
        role: 'institution_integrator',
        institutionCode: 'H23010300099',
      },
    }),
  },
  {
    name: 'GET /v1/catalog/releases',
    allowed: [...READERS, 'otherHospital'],
    call: () => ({ method: 'GET', path: '/v1/catalog/releases' }),
  },
  {
    name: 'GET /v1/policies',
    allowed: [...READERS, 'otherHospital'],
    call: () => ({ method: 'GET', path: '/v1/policies' }),
  },
  {
    name: 'GET /v1/policies/diff',
    allowed: [...READERS, 'otherHospital'],
    call: () => ({
      method: 'GET',
      path: '/v1/policies/diff?from=demo-230100-2025.1&to=demo-230100-2025.1',
    }),
  },
];

describe('object-level authorization matrix', () => {
  beforeAll(async () => {
    sharedSettlement = await settled();
    sharedApproval = await requested();
  });

  it.each(ROWS)('$name', async (row) => {
    const outcome: Record<string, number> = {};
    const ordered = [
      ...CALLERS.filter((c) => !row.allowed.includes(c)),
      ...CALLERS.filter((c) => row.allowed.includes(c)),
    ];
    for (const as of ordered) {
      const call = await row.call();
      const res = await api.request(call.path, {
        method: call.method,
        as,
        headers: {
          ...(call.headers ?? {}),
          ...(call.body === undefined
            ? {}
            : { 'content-type': call.contentType ?? 'application/json' }),
        },
        ...(call.body === undefined
          ? {}
          : { body: typeof call.body === 'string' ? call.body : JSON.stringify(call.body) }),
      });
      outcome[as] = res.status;
      if (!row.allowed.includes(as)) {
        expect(res.status, `${as} must not succeed`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        if (as === 'anonymous') expect(res.status).toBe(401);
        else expect([403, 404]).toContain(res.status);
      } else {
        expect(
          res.status,
          `${as} must succeed: ${JSON.stringify(await res.clone().json())}`,
        ).toBeLessThan(300);
      }
    }
    expect(Object.keys(outcome)).toHaveLength(CALLERS.length);
  });

  it('refuses an unknown or malformed key', async () => {
    const unknown = await api.app.request('/v1/policies', {
      headers: { authorization: 'Bearer opk_not-a-key' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain('invalid_token');
    const basic = await api.app.request('/v1/policies', {
      headers: { authorization: 'Basic abc' },
    });
    expect(basic.status).toBe(401);
    const header = await api.app.request('/v1/policies', {
      headers: { 'x-api-key': api.keys.auditor },
    });
    expect(header.status).toBe(200);
  });

  it('tells each key who it is (GET /v1/me), and no one without a key', async () => {
    const me = async (as: As) => {
      const res = await api.request('/v1/me', { as });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await me('hospital')).toEqual({
      status: 200,
      body: {
        id: 'demo-hospital',
        name: expect.any(String) as string,
        role: 'institution_integrator',
        institutionCode: 'H23010300012',
        allianceId: null,
        isLeadHospital: false,
      },
    });
    expect((await me('auditor')).body).toMatchObject({ role: 'auditor', institutionCode: null });
    expect((await me('anonymous')).status).toBe(401);
  });
});
