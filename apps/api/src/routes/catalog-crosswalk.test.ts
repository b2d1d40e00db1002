/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWN_INSTITUTION, type TestApi, claimJson, testApi } from '../__fixtures__/harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;

/** 阿帕他胺片's national code (rule base), and the hospital's own code for it. */
const APALUTAMIDE = 'XL02BBA326A001010102180';
const CSV = [
  'institutionCode,localCode,kind,nationalCode,localName',
  `${OWN_INSTITUTION},YP-0001,drug,${APALUTAMIDE},阿帕他胺片 60mg`,
].join('\n');

const attach = (body: Body, release = 'nrdl-2024', as: 'admin' | 'reviewer' = 'admin') =>
  api.request(`/v1/catalog/releases/${release}/crosswalk`, { method: 'POST', json: body, as });

/**
 * A claim whose one line names the drug by the hospital's code: its national code is one the list
 * does not know (the hospital's placeholder), so only the crosswalk can find the item.
 */
function localClaim(id: string, date: string): Body {
  const claim = claimJson({
    id,
    date,
    lines: [
      { code: 'XZ99ZZZ999A001010100001', name: '阿帕他胺片', quantity: '2', unitPrice: '100.00' },
    ],
  });
  const [line] = claim['lines'] as Body[];
  if (line !== undefined) line['localCode'] = 'YP-0001';
  return claim;
}

describe('POST /v1/catalog/releases/{id}/crosswalk', () => {
  it('publishes a new dated release; from its start, hospital codes match through it', async () => {
    const before = await json(
      await api.request('/v1/catalog/coverage', {
        method: 'POST',
        json: localClaim('C-XW-1', '2025-07-15'),
        as: 'hospital',
      }),
    );
    expect(before['release']).toBe('nrdl-2024');
    expect(before['lines'][0]['decision']['outcome']).toBe('not_covered');

    const res = await attach({
      format: 'csv',
      id: 'nrdl-2024-xw1',
      effectiveFrom: '2025-07-10',
      publishedOn: '2025-07-01',
      csv: CSV,
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({
      release: { id: 'nrdl-2024-xw1', itemCount: 14025 },
      baseReleaseId: 'nrdl-2024',
      crosswalk: { attached: 1, total: 1, listed: 1 },
    });

    // A claim dated in the new release's period matches the hospital code by national code.
    const after = await json(
      await api.request('/v1/catalog/coverage', {
        method: 'POST',
        json: localClaim('C-XW-2', '2025-07-15'),
        as: 'hospital',
      }),
    );
    expect(after['release']).toBe('nrdl-2024-xw1');
    const decision = after['lines'][0]['decision'];
    expect(decision['itemId']).toContain('阿帕他胺片');
    expect(decision['matchedBy']).toBe('code');
    expect(decision['outcome']).not.toBe('not_covered');
    // Earlier claims still read the base release, which has no crosswalk.
    const earlier = await json(
      await api.request('/v1/catalog/coverage', {
        method: 'POST',
        json: localClaim('C-XW-3', '2025-07-05'),
        as: 'hospital',
      }),
    );
    expect(earlier['release']).toBe('nrdl-2024');
    expect(earlier['lines'][0]['decision']['outcome']).toBe('not_covered');

    // The base release is unchanged; the new one lists the crosswalk.
    const releases = await json(await api.request('/v1/catalog/releases', { as: 'auditor' }));
    expect(releases['items'].map((r: Body) => r['id'])).toEqual(
      expect.arrayContaining(['nrdl-2024', 'nrdl-2024-xw1']),
    );
  });

  it('takes entries as JSON, and refuses an existing id (409)', async () => {
    const body = {
      format: 'entries',
      id: 'nrdl-2024-xw2',
      effectiveFrom: '2025-08-01',
      publishedOn: '2025-07-01',
      entries: [
        {
          institutionCode: OWN_INSTITUTION,
          localCode: 'YP-0002',
          kind: 'drug',
          nationalCode: APALUTAMIDE,
        },
      ],
    };
    expect((await attach(body)).status).toBe(201);
    const again = await attach(body);
    expect(again.status).toBe(409);
    expect((await json(again))['error']['issues'][0]['code']).toBe('catalog.release_exists');
  });

  it('names the CSV line, the start outside the base, the missing field; 404 and 403', async () => {
    const bad = await attach({
      format: 'csv',
      id: 'x1',
      effectiveFrom: '2025-07-10',
      publishedOn: '2025-07-01',
      csv: `${CSV}\n${OWN_INSTITUTION},YP-0009,pill,${APALUTAMIDE},`,
    });
    expect(bad.status).toBe(422);
    const issue = (await json(bad))['error']['issues'][0];
    expect(issue).toMatchObject({ code: 'crosswalk.invalid', path: ['csv', 'line', 3, 'kind'] });

    const outside = await attach({
      format: 'entries',
      id: 'x2',
      effectiveFrom: '2024-01-01',
      publishedOn: '2024-01-01',
      entries: [],
    });
    expect(outside.status).toBe(422);
    expect((await json(outside))['error']['issues'][0]).toMatchObject({
      code: 'crosswalk.effective_outside_release',
      path: ['effectiveFrom'],
    });

    const missing = await attach({
      format: 'entries',
      id: 'x3',
      publishedOn: '2025-07-01',
      entries: [],
    });
    expect(missing.status).toBe(400);
    expect((await json(missing))['error']['issues'][0]['path']).toEqual(['effectiveFrom']);

    const body = {
      format: 'entries',
      id: 'x4',
      effectiveFrom: '2025-07-10',
      publishedOn: '2025-07-01',
      entries: [],
    };
    expect((await attach(body, 'no-such-release')).status).toBe(404);
    expect((await attach(body, 'nrdl-2024', 'reviewer')).status).toBe(403);
  });
});
