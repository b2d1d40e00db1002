/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   response bodies are untyped JSON here; the assertions check their shape. */
import { catalogReleaseSchema } from '@openpayer/catalog';
import { readDemoPolicyText } from '@openpayer/pricing/node';
import { fromBase64, stateHash, verifyExport } from '@openpayer/supervision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OWN_INSTITUTION, type TestApi, testApi } from '../__fixtures__/harness.ts';

/**
 * Catalog and policy changes over HTTP each leave their audit entry — the kind, the principal that
 * made it, the object — and the exported log still verifies with the public key alone.
 */

let api: TestApi;
beforeAll(async () => {
  api = await testApi();
});
afterAll(() => api.close());

type Body = Record<string, any>;
const json = async (res: Response) => (await res.json()) as Body;

/** A one-item national release whose restriction text the importer could not read. */
const release = {
  id: 'audit-2026',
  title: '审计测试目录',
  region: null,
  effective: { start: '2026-01-01', end: null },
  publishedOn: '2025-06-01',
  source: 'test: one item',
  items: [
    {
      id: 'XL01/审计测试药',
      kind: 'drug',
      name: '审计测试药',
      categoryCode: 'XL01',
      categoryName: null,
      dosageForm: null,
      coverageClass: 'B',
      section: '西药部分',
      negotiated: false,
      codes: [],
      paymentStandard: null,
      agreement: null,
      restrictionText: '限成人患者',
      restrictions: [],
      indications: [],
      structuring: 'unparsed',
      unparsed: ['限成人患者'],
    },
  ],
};

/** The entries of one object, oldest first. */
async function entriesOf(type: string, id: string): Promise<Body[]> {
  const res = await api.request(`/v1/audit/objects/${type}/${encodeURIComponent(id)}`, {
    as: 'auditor',
  });
  expect(res.status).toBe(200);
  return ((await json(res))['items'] as Body[]).map((i) => i['entry'] as Body);
}

describe('catalog and policy changes in the audit log', () => {
  it('logs imports, restriction edits, crosswalks, policy uploads and activations by their principal', async () => {
    const before = await json(await api.request('/v1/audit/head', { as: 'auditor' }));

    // Import: the entry's state hash is that of the stored release.
    const imported = await api.request('/v1/catalog/releases', {
      json: { format: 'release', release },
    });
    expect(imported.status).toBe(201);
    const [importEntry, ...moreImports] = await entriesOf('catalog_release', 'audit-2026');
    expect(moreImports).toEqual([]);
    expect(importEntry).toMatchObject({
      kind: 'catalog.release_imported',
      actor: 'demo-admin',
      object: { type: 'catalog_release', id: 'audit-2026' },
      event: { itemCount: 1, effectiveFrom: '2026-01-01' },
    });
    const stored = await json(
      await api.request('/v1/catalog/releases/audit-2026/items?limit=10', { as: 'auditor' }),
    );
    expect(stored['items']).toHaveLength(1);
    // The hash is of the state stored: the release's wire.
    expect(importEntry?.['stateHash']).toBe(
      stateHash(z.encode(catalogReleaseSchema, catalogReleaseSchema.parse(release))),
    );

    // A refused import (the id exists) logs nothing.
    const again = await api.request('/v1/catalog/releases', {
      json: { format: 'release', release },
    });
    expect(again.status).toBe(409);
    expect(await entriesOf('catalog_release', 'audit-2026')).toHaveLength(1);

    // Restriction edit: a new release, logged with its base, item and note.
    const edited = await api.request(
      `/v1/catalog/releases/audit-2026/items/${encodeURIComponent('XL01/审计测试药')}/restrictions`,
      {
        json: {
          releaseId: 'audit-2026-e1',
          effectiveFrom: '2026-02-01',
          note: '成人 = 18 岁及以上',
          restrictions: [{ kind: 'age', source: 'manual', text: '限成人患者', minYears: 18 }],
          indications: [],
          unparsed: [],
        },
      },
    );
    expect(edited.status).toBe(201);
    expect(await entriesOf('catalog_release', 'audit-2026-e1')).toEqual([
      expect.objectContaining({
        kind: 'catalog.restrictions_edited',
        actor: 'demo-admin',
        event: expect.objectContaining({
          baseReleaseId: 'audit-2026',
          itemId: 'XL01/审计测试药',
          note: '成人 = 18 岁及以上',
        }),
      }),
    ]);

    // Crosswalk attached to the real 2024 list.
    const attached = await api.request('/v1/catalog/releases/nrdl-2024/crosswalk', {
      json: {
        format: 'csv',
        id: 'nrdl-2024-audit-xw',
        effectiveFrom: '2025-07-10',
        publishedOn: '2025-07-01',
        csv: [
          'institutionCode,localCode,kind,nationalCode,localName',
          `${OWN_INSTITUTION},YP-0001,drug,XL02BBA326A001010102180,阿帕他胺片 60mg`,
        ].join('\n'),
      },
    });
    expect(attached.status).toBe(201);
    expect(await entriesOf('catalog_release', 'nrdl-2024-audit-xw')).toEqual([
      expect.objectContaining({
        kind: 'catalog.crosswalk_attached',
        actor: 'demo-admin',
        event: expect.objectContaining({ baseReleaseId: 'nrdl-2024', attached: 1 }),
      }),
    ]);

    // Policy upload, then activation: one object, two entries, each its own state.
    const policyText = readDemoPolicyText().replace(
      'id: demo-230100-2025.1',
      'id: demo-230100-2025.au',
    );
    const uploaded = await api.request('/v1/policies', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: policyText,
    });
    expect(uploaded.status).toBe(201);
    const activated = await api.request('/v1/policies/demo-230100-2025.au/activate', {
      json: { from: '2025-06-20' },
    });
    expect(activated.status).toBe(200);
    const policyChain = await entriesOf('policy', 'demo-230100-2025.au');
    expect(policyChain.map((e) => [e['kind'], e['actor'], e['event']['from'] ?? null])).toEqual([
      ['policy.uploaded', 'demo-admin', null],
      ['policy.activated', 'demo-admin', '2025-06-20'],
    ]);
    expect(policyChain[0]?.['stateHash']).not.toBe(policyChain[1]?.['stateHash']);
    // A refused activation (no such policy) logs nothing.
    expect(
      (await api.request('/v1/policies/none/activate', { json: { from: '2025-01-01' } })).status,
    ).toBe(404);
    expect(await entriesOf('policy', 'none')).toEqual([]);

    // The seeded demo data is logged too, by the system.
    const seeded = await entriesOf('policy', 'demo-230100-2025.1');
    expect(seeded.map((e) => e['kind'])).toEqual(['policy.uploaded', 'policy.activated']);
    expect((await entriesOf('catalog_release', 'nrdl-2024'))[0]).toMatchObject({
      kind: 'catalog.release_imported',
    });

    // Five new entries, and the export verifies with the public key alone.
    const { head, publicKey } = await json(await api.request('/v1/audit/head', { as: 'auditor' }));
    expect(head['treeSize']).toBe(Number(before['head']['treeSize']) + 5);
    const exported = await api.request('/v1/audit/export', { as: 'auditor' });
    expect(exported.status).toBe(200);
    const report = verifyExport(await exported.text(), fromBase64(publicKey) ?? new Uint8Array(), {
      known: [before['head']],
    });
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.entries).toBe(head['treeSize']);
  });
});
