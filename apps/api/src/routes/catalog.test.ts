/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { itemChangeSchema, lineDecisionSchema } from '@openpayer/catalog';
import { readShipped } from '@openpayer/catalog/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApi, claimJson, testApi } from '../__fixtures__/harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;

describe('catalog look-up on the real 2024 list', () => {
  it('lists the seeded release', async () => {
    const body = await json(await api.request('/v1/catalog/releases', { as: 'auditor' }));
    expect(body['items']).toEqual([
      expect.objectContaining({
        id: 'nrdl-2024',
        region: null,
        itemCount: 14025,
        importedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/u),
      }),
    ]);
  });

  it('finds an EGFR-targeted drug by name and reads its restriction', async () => {
    const res = await api.request(
      `/v1/catalog/releases/nrdl-2024/items?q=${encodeURIComponent('达可替尼')}`,
      { as: 'hospital' },
    );
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body['total']).toBe(1);
    const [item] = body['items'];
    expect(item).toMatchObject({ id: 'XL01EB/达可替尼片', coverageClass: 'B' });
    expect(item['restrictionText']).toContain('表皮生长因子受体(EGFR)');
    expect(item['restrictions'].map((r: Body) => r['kind'])).toEqual(
      expect.arrayContaining(['diagnosis', 'evidence']),
    );
    const one = await api.request(
      `/v1/catalog/releases/nrdl-2024/items/${encodeURIComponent('XL01EB/达可替尼片')}`,
    );
    expect(one.status).toBe(200);
    expect((await json(one))['name']).toBe('达可替尼片');
  });

  it('filters by class, restriction kind, negotiated and unparsed text, and pages', async () => {
    const page = await json(
      await api.request(
        '/v1/catalog/releases/nrdl-2024/items?kind=drug&class=A&limit=10&offset=10',
      ),
    );
    expect(page).toMatchObject({ total: 767, offset: 10, limit: 10 });
    // The demo release lists the national service items and consumables beside the drugs.
    const services = await json(
      await api.request('/v1/catalog/releases/nrdl-2024/items?kind=service&limit=1'),
    );
    expect(services['total']).toBe(1188);
    const consumables = await json(
      await api.request('/v1/catalog/releases/nrdl-2024/items?kind=consumable&limit=1'),
    );
    expect(consumables['total']).toBe(9011);
    expect(page['items']).toHaveLength(10);
    const evidence = await json(
      await api.request('/v1/catalog/releases/nrdl-2024/items?restriction=evidence&limit=200'),
    );
    expect(evidence['total']).toBeGreaterThan(50);
    const negotiated = await json(
      await api.request('/v1/catalog/releases/nrdl-2024/items?negotiated=true&limit=1'),
    );
    expect(negotiated['total']).toBe(425);
    const unparsed = await json(
      await api.request('/v1/catalog/releases/nrdl-2024/items?unparsed=true&limit=1'),
    );
    expect(unparsed['total']).toBeGreaterThan(0);
  });

  it('answers 400 for a bad filter and 404 for an unknown release or item', async () => {
    const bad = await api.request('/v1/catalog/releases/nrdl-2024/items?class=Z&limit=9999');
    expect(bad.status).toBe(400);
    const paths = (await json(bad))['error']['issues'].map((i: Body) => i['path'][0]);
    expect(paths).toEqual(expect.arrayContaining(['class', 'limit']));
    expect((await api.request('/v1/catalog/releases/nope/items')).status).toBe(404);
    expect((await api.request('/v1/catalog/releases/nrdl-2024/items/XX%2Fnone')).status).toBe(404);
  });

  it('decides coverage for the items of a claim in its context', async () => {
    const claim = claimJson({
      id: 'C-COV',
      lines: [
        { code: 'XL01EBD350A001010100000', name: '达可替尼片', quantity: '30', unitPrice: '20.00' },
      ],
    });
    const res = await api.request('/v1/catalog/coverage', { json: claim, as: 'hospital' });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body['release']).toBe('nrdl-2024');
    const [line] = body['lines'];
    // No EGFR test result on the claim: the restriction cannot be shown to hold.
    expect(line['lineId']).toBe('L1');
    expect(['self_pay', 'covered_first_self_pay', 'needs_approval']).toContain(
      line['decision']['outcome'],
    );
    expect(line['decision']['restrictions'].length).toBeGreaterThan(0);
    // Every line is the coverage decision's wire form, as the OpenAPI document says.
    expect(lineDecisionSchema.array().safeParse(body['lines']).error).toBeUndefined();
  });
});

describe('catalog versions: import and diff', () => {
  it('imports a second release from the NRDL CSV (administrators only) and diffs it', async () => {
    const csv = readShipped('nrdlCsv');
    const rows = csv.split('\n');
    // A later release without the EGFR drug 达可替尼片.
    const edited = rows.filter((r) => !r.includes(',达可替尼片,')).join('\n');
    const request = {
      format: 'nrdl-csv',
      csv: edited,
      ruleBase: false,
      release: {
        id: 'nrdl-2024-rev1',
        title: '2024 list, revision 1 (test)',
        region: null,
        effective: { start: '2026-01-01', end: null },
        publishedOn: '2025-11-28',
        source: 'test: the shipped 2024 list without one entry',
      },
    };
    const refused = await api.request('/v1/catalog/releases', { json: request, as: 'reviewer' });
    expect(refused.status).toBe(403);
    const res = await api.request('/v1/catalog/releases', { json: request });
    expect(res.status).toBe(201);
    expect((await json(res))['release']).toMatchObject({ id: 'nrdl-2024-rev1', itemCount: 3825 });
    const again = await api.request('/v1/catalog/releases', { json: request });
    expect(again.status).toBe(409);
    const diff = await json(await api.request('/v1/catalog/diff?from=nrdl-2024&to=nrdl-2024-rev1'));
    // The seeded demo release also lists services and consumables; the revision is drugs only.
    expect(diff['counts']).toMatchObject({ added: 0, removed: 1 + 1188 + 9011 });
    expect(diff['removed'].map((i: Body) => i['name'])).toContain('达可替尼片');
    // Restrictions differ because the rule base was left out of the revision.
    expect(diff['counts']['changed']).toBeGreaterThan(0);
    const [change] = diff['changed'];
    expect(Object.keys(change as object).sort()).toEqual(['changes', 'itemId', 'name']);
    // Each change's before / after has the shape its kind names (the documented union).
    expect(itemChangeSchema.array().safeParse(diff['changed']).error).toBeUndefined();
    // The rule base supplies codes: without it an entry keeps its name but loses its codes.
    expect(change['changes']).toContainEqual({
      kind: 'codes',
      before: expect.arrayContaining([expect.any(String)]),
      after: [],
    });
    const cut = await json(
      await api.request('/v1/catalog/diff?from=nrdl-2024&to=nrdl-2024-rev1&limit=0'),
    );
    expect(cut).toMatchObject({
      counts: diff['counts'],
      removed: [],
      changed: [],
      truncated: true,
    });
    const listed = await json(await api.request('/v1/catalog/releases'));
    expect(listed['items'].map((r: Body) => r['id'])).toEqual(['nrdl-2024', 'nrdl-2024-rev1']);
  });

  it('refuses a malformed import with issues naming the fields', async () => {
    const res = await api.request('/v1/catalog/releases', {
      json: { format: 'release', release: { id: 'x y', items: 'none' } },
    });
    expect(res.status).toBe(400);
    const paths = (await json(res))['error']['issues'].map((i: Body) => i['path'].join('.'));
    expect(paths).toEqual(expect.arrayContaining(['release.id', 'release.items']));
    const csvBroken = await api.request('/v1/catalog/releases', {
      json: {
        format: 'nrdl-csv',
        csv: 'not,a,list\n1,2,3',
        release: {
          id: 'broken',
          title: 't',
          region: null,
          effective: { start: '2026-01-01', end: null },
          publishedOn: '2025-01-01',
          source: 's',
        },
      },
    });
    expect(csvBroken.status).toBe(422);
    expect(await json(csvBroken)).toMatchObject({ error: { code: 'unprocessable' } });
    expect((await api.request('/v1/catalog/diff?from=nrdl-2024')).status).toBe(400);
    expect((await api.request('/v1/catalog/diff?from=nrdl-2024&to=nope')).status).toBe(404);
  });
});

describe('catalog OpenAPI', () => {
  it('documents a diff change per kind, and the coverage decision field by field', async () => {
    const doc = await json(await api.request('/openapi.json'));
    const schemas = doc['components']['schemas'];
    const change = schemas['CatalogFieldChange'];
    const variants = (change['oneOf'] ?? change['anyOf']) as {
      properties: { kind: { const: string } };
    }[];
    expect(variants.map((v) => v.properties.kind.const).sort()).toEqual([
      'agreement_window',
      'class',
      'codes',
      'name',
      'payment_standard',
      'restriction',
    ]);
    const decision = schemas['CoverageDecision'] as { properties: Record<string, unknown> };
    expect(Object.keys(decision.properties)).toEqual(
      expect.arrayContaining(['outcome', 'coverageClass', 'restrictions', 'reasons', 'approval']),
    );
    const coverage = doc['paths']['/v1/catalog/coverage']['post']['responses']['200'];
    expect(JSON.stringify(coverage)).toContain('#/components/schemas/LineDecision');
  });
});
