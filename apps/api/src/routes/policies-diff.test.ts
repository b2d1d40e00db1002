/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { readDemoPolicyText } from '@openpayer/pricing/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../__fixtures__/harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
  const edited = readDemoPolicyText()
    .replace('id: demo-230100-2025.1', 'id: demo-230100-2025.diff')
    .replace(
      "        insuranceType: resident\n      value: '200000.00'",
      "        insuranceType: resident\n      value: '250000.00'",
    );
  const res = await api.request('/v1/policies', {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: edited,
  });
  if (res.status !== 201) throw new Error(`upload failed: ${await res.text()}`);
});
afterAll(() => api.close());

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;

describe('GET /v1/policies/diff', () => {
  it('shows the changed annual cap of an uploaded copy with both sides, for any reader', async () => {
    const res = await api.request(
      '/v1/policies/diff?from=demo-230100-2025.1&to=demo-230100-2025.diff',
      {
        as: 'auditor',
      },
    );
    expect(res.status).toBe(200);
    const diff = await json(res);
    expect(diff['from']).toBe('demo-230100-2025.1');
    expect(diff['to']).toBe('demo-230100-2025.diff');
    expect(diff['counts']['entries']).toMatchObject({ added: 0, removed: 0, changed: 1 });
    expect(diff['parameters']).toEqual([
      expect.objectContaining({
        parameter: 'annualCap',
        layer: 'basic_medical_insurance',
        status: 'changed',
        entries: [
          expect.objectContaining({
            status: 'changed',
            identity: 'insuranceType=resident',
            before: {
              from: '2025-01-01',
              to: null,
              key: { insuranceType: 'resident' },
              value: '200000.00',
            },
            after: {
              from: '2025-01-01',
              to: null,
              key: { insuranceType: 'resident' },
              value: '250000.00',
            },
            fields: ['value'],
          }),
        ],
      }),
    ]);
  });

  it('answers 404 naming the parameter of an unknown version', async () => {
    const res = await api.request('/v1/policies/diff?from=demo-230100-2025.1&to=no-such-policy', {
      as: 'reviewer',
    });
    expect(res.status).toBe(404);
    const body = await json(res);
    expect(body['error']['code']).toBe('not_found');
    expect(body['error']['issues'][0]).toMatchObject({ code: 'policy.not_found', path: ['to'] });
    const from = await api.request('/v1/policies/diff?from=nope&to=demo-230100-2025.1');
    expect((await json(from))['error']['issues'][0]['path']).toEqual(['from']);
  });

  it('answers 400 naming a missing or unknown parameter', async () => {
    const missing = await api.request('/v1/policies/diff?from=demo-230100-2025.1');
    expect(missing.status).toBe(400);
    const body = await json(missing);
    expect(body['error']['code']).toBe('invalid_request');
    expect(body['error']['issues']).toContainEqual(expect.objectContaining({ path: ['to'] }));
    const extra = await api.request('/v1/policies/diff?from=a&to=b&colour=red');
    expect(extra.status).toBe(400);
  });

  it('is not mistaken for a version id and needs a key', async () => {
    expect((await api.request('/v1/policies/diff', { as: 'anonymous' })).status).toBe(401);
    const doc = await json(await api.request('/openapi.json'));
    expect(doc['paths']['/v1/policies/diff']['get']['operationId']).toBe('diffPolicies');
  });
});
