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

describe('grouper versions', () => {
  const prostatectomy = {
    id: 'H1',
    sex: 'male',
    ageYears: 68,
    lengthOfStay: 10,
    principalDiagnosis: 'C61.x00',
    principalProcedure: '60.5x02',
  };
  const postTo = (query: string, body: unknown) =>
    app.request(`/v1/drg/group${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('lists the shipped versions', async () => {
    const res = await app.request('/v1/drg/versions');
    const body = (await res.json()) as { versions: { id: string }[] };
    expect(body.versions.map((v) => v.id)).toEqual(
      expect.arrayContaining(['chs-drg-1.0', 'chs-drg-1.1', 'chs-drg-1.1-bj-2022', 'harbin-2024']),
    );
  });

  it('groups with CHS-DRG 1.1 or the Harbin 2024 variant when asked, and the Harbin DRG has a standard', async () => {
    const national = (await (await postTo('?version=chs-drg-1.1', prostatectomy)).json()) as {
      drg: string;
      version: string;
    };
    expect([national.version, national.drg]).toEqual(['CHS-DRG 1.1', 'MA19']);
    const harbin = (await (await postTo('?version=harbin-2024', prostatectomy)).json()) as {
      drg: string;
    };
    expect(harbin.drg).toBe('MA15');
    const standard = await app.request(
      `/v1/drg/standards/${harbin.drg}?year=2024&insuranceType=employee`,
    );
    expect(standard.status).toBe(200);
    expect(
      (await app.request('/v1/drg/standards/MA19?year=2024&insuranceType=employee')).status,
    ).toBe(404);
  });

  it('keeps CHS-DRG 1.0 by default and refuses an unknown version naming the field', async () => {
    const byDefault = (await (await postTo('', prostatectomy)).json()) as { version: string };
    expect(byDefault.version).toBe('CHS-DRG 1.0');
    const res = await postTo('?version=chs-drg-9', prostatectomy);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { code: string; path: string[] }[] } };
    expect(body.error.issues[0]).toMatchObject({ code: 'drg.unknown_version', path: ['version'] });
  });

  it('takes the version a region uses on a date from the assignment data', async () => {
    const harbin = (await (
      await postTo('?region=230100&date=2024-05-01', prostatectomy)
    ).json()) as { drg: string; version: string };
    expect(harbin.drg).toBe('MA15');
    const before = await postTo('?region=230100&date=2023-05-01', prostatectomy);
    expect(before.status).toBe(400);
    const body = (await before.json()) as { error: { issues: { path: string[] }[] } };
    expect(body.error.issues[0]?.path).toEqual(['region']);
    expect((await postTo('?region=230100', prostatectomy)).status).toBe(400);
  });

  it('warns about an unknown secondary code and accepts an age in days at any age', async () => {
    const res = await postTo('', {
      ...prostatectomy,
      ageDays: 24_900,
      secondaryDiagnoses: ['Q99.999x999'],
    });
    const body = (await res.json()) as { status: string; warnings: { field: string }[] };
    expect(body.status).toBe('grouped');
    expect(body.warnings.map((w) => w.field)).toEqual(['secondaryDiagnoses.0']);
  });
});
