/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any --
   the tests read JSON answers field by field, as catalog.test.ts does */
import { CatalogIndex, catalogReleaseSchema } from '@openpayer/catalog';
import { validateClaim } from '@openpayer/domain';
import { accumulatorsSchema, encodeSettlement, policySchema, precheck } from '@openpayer/pricing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, claimJson, testApi } from '../__fixtures__/harness.ts';

let api: TestApi;
// Seeding the embedded database with the real drug list takes a while on a busy machine.
beforeAll(async () => {
  api = await testApi();
}, 120_000);
afterAll(() => api.close());

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;

/** A lung-cancer admission: a drug matched by name (达可替尼片), one by national code, one not listed. */
const claim = claimJson({
  id: 'C-SLICE',
  personId: 'P-SLICE-1',
  lines: [
    { code: 'XL01EBD350A001010100000', name: '达可替尼片', quantity: '30', unitPrice: '666.00' },
    { code: 'XC04ABF039A001010100141', name: '酚妥拉明注射剂', quantity: '2', unitPrice: '25.00' },
    { code: 'XL01XXZ999A001010100001', name: '目录外抗肿瘤药', quantity: '1', unitPrice: '900.00' },
  ],
});

describe('POST /v1/catalog/slice', () => {
  it('serves the items a claim resolves to, with the rule-base restrictions of their codes', async () => {
    const res = await api.request('/v1/catalog/slice', { json: claim, as: 'auditor' });
    expect(res.status).toBe(200);
    const { release } = await json(res);
    expect(release['id']).toBe('nrdl-2024');
    expect(release['items'].map((i: Body) => i['id'])).toEqual(
      expect.arrayContaining(['XL01EB/达可替尼片']),
    );
    expect(release['items'].length).toBe(2);
    expect(release['codeRestrictions'].map((c: Body) => c['code'])).toContain(
      'XC04ABF039A001010100141',
    );
    expect(release['substitutionGroups']).toEqual([]);
  });

  it('decides and pre-checks the claim exactly as the whole release does', async () => {
    const [slice, policies, accumulators, authoritative] = await Promise.all([
      api.request('/v1/catalog/slice', { json: claim }).then(json),
      api.request('/v1/policies').then(json),
      api.request('/v1/accumulators/P-SLICE-1/2025').then(json),
      api.request('/v1/claims/precheck', { json: claim }).then(json),
    ]);
    const policyId = (policies['items'] as Body[]).find((p) => p['activeFrom'] !== null)?.['id'];
    const policy = await json(await api.request(`/v1/policies/${String(policyId)}`));
    const decoded = validateClaim(claim);
    if (!decoded.ok) throw new Error('the test claim is invalid');
    const result = precheck(decoded.value, {
      policy: policySchema.decode(policy['policy']),
      catalog: new CatalogIndex(catalogReleaseSchema.decode(slice['release'])),
      accumulators: accumulatorsSchema.decode(accumulators as never),
    });
    expect(result.ok).toBe(true);
    if (result.ok) expect(encodeSettlement(result.value)).toEqual(authoritative);
  });

  it('names the claim’s bad field, an unknown release, and a missing key', async () => {
    const bad = await api.request('/v1/catalog/slice', {
      json: { ...claim, admissionDate: '2025-02-30' },
    });
    expect(bad.status).toBe(400);
    expect((await json(bad))['error']['issues'].map((i: Body) => i['path'].join('.'))).toContain(
      'admissionDate',
    );
    const missing = await api.request('/v1/catalog/slice?release=nope', { json: claim });
    expect(missing.status).toBe(404);
    expect((await json(missing))['error']['issues'][0]['code']).toBe('catalog.release_not_found');
    const unknownParameter = await api.request('/v1/catalog/slice?limit=3', { json: claim });
    expect(unknownParameter.status).toBe(400);
    expect((await api.request('/v1/catalog/slice', { json: claim, as: 'anonymous' })).status).toBe(
      401,
    );
  });

  it('answers 422 when no release is in force on the claim’s date', async () => {
    const old = claimJson({ id: 'C-SLICE-OLD', date: '2019-06-15' });
    const res = await api.request('/v1/catalog/slice', {
      json: { ...old, admissionDate: '2019-06-09' },
    });
    expect(res.status).toBe(422);
    expect((await json(res))['error']['issues'][0]['code']).toBe('settlement.no_catalog_in_force');
  });
});
