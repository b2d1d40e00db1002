import { loadHarbinDrgParameters, loadNationalGrouper } from '@openpayer/pricing/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, testApi } from '../__fixtures__/harness.ts';

const tables = loadNationalGrouper();
const parameters = loadHarbinDrgParameters();
if (!tables.ok || !parameters.ok) throw new Error('shipped DRG data failed to load');
let api: TestApi;
beforeAll(async () => {
  api = await testApi({ drg: { tables: () => tables.value, parameters: () => parameters.value } });
});
afterAll(() => api.close());
const app = { request: (path: string, init: RequestInit = {}) => api.request(path, init) };

const post = (body: unknown) =>
  app.request('/v1/drg/group', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('POST /v1/drg/group', () => {
  it('groups a record with the counted MCC and the trace', async () => {
    const res = await post({
      id: 'D1',
      sex: 'male',
      ageYears: 67,
      lengthOfStay: 9,
      principalDiagnosis: 'I21.900',
      secondaryDiagnoses: ['A02.100'],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'grouped',
      version: 'CHS-DRG 1.0',
      mdc: 'MDCF',
      adrg: 'FR2',
      drg: 'FR21',
      counted: [{ code: 'A02.100', level: 'mcc' }],
    });
    expect((body['trace'] as string[]).length).toBeGreaterThan(2);
  });

  it('answers a sex conflict as ungroupable with the reason', async () => {
    const res = await post({
      sex: 'female',
      ageYears: 70,
      lengthOfStay: 5,
      principalDiagnosis: 'N40.x00',
    });
    expect(await res.json()).toMatchObject({ status: 'ungroupable', reason: 'sex_conflict' });
  });

  it('refuses a wrong field or an unknown one with 400 naming it', async () => {
    const res = await post({
      sex: 'male',
      ageYears: -1,
      lengthOfStay: 5,
      principalDiagnosis: 'I21.900',
      colour: 'red',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; issues: { path: (string | number)[] }[] };
    };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['ageYears', '']),
    );
  });
});

describe('GET /v1/drg/standards/{drg}', () => {
  it("answers BB11's weight and 2024 employee standard (73,386.32)", async () => {
    const res = await app.request('/v1/drg/standards/BB11?year=2024&insuranceType=employee');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      drg: 'BB11',
      weight: '5.9894',
      baseRate: '12252.70',
      standard: '73386.32',
      parameterSet: 'harbin-2022-2024',
    });
  });

  it('answers 404 for a DRG without a weight and 400 for a bad query', async () => {
    expect(
      (await app.request('/v1/drg/standards/ZZ99?year=2024&insuranceType=employee')).status,
    ).toBe(404);
    const bad = await app.request('/v1/drg/standards/BB11?year=abc&insuranceType=worker');
    expect(bad.status).toBe(400);
  });

  it('is listed in the OpenAPI document', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/drg/group', '/v1/drg/standards/{drg}']),
    );
  });
});
