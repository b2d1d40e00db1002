import { catalogReleaseSchema, editRestrictions } from '@openpayer/catalog';
import { calendarDate } from '@openpayer/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { stateHash } from '@openpayer/supervision';
import { z } from 'zod';
import type { Store } from './database.ts';
import { listReleaseEdits, readReleaseEdit, saveReleaseEdit } from './release-edits.ts';
import { listReleases, loadRelease, saveRelease } from './releases.ts';
import { backends } from './__fixtures__/backends.ts';

/** A one-item national release whose restriction text the importer could not read. */
const base = catalogReleaseSchema.parse({
  id: 'base-2025',
  title: '测试目录',
  region: null,
  effective: { start: '2025-01-01', end: null },
  publishedOn: '2024-12-01',
  source: 'test',
  items: [
    {
      id: 'XL01/测试药',
      kind: 'drug',
      name: '测试药',
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
});

function edited(releaseId: string) {
  const result = editRestrictions(
    {
      base,
      itemId: 'XL01/测试药',
      author: 'demo-admin',
      publishedOn: calendarDate('2025-07-01'),
    },
    {
      releaseId,
      effectiveFrom: '2025-08-01',
      note: '成人 = 18 岁及以上',
      restrictions: [{ kind: 'age', source: 'manual', text: '限成人患者', minYears: 18 }],
    },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** The audit entries stored, oldest first: kind, actor, object id, event. */
async function audit(s: Store) {
  const rows = await s.query<{ entry: string }>('SELECT entry FROM audit_log ORDER BY seq');
  return rows.map((r) => {
    const e = JSON.parse(r.entry) as {
      kind: string;
      actor: string;
      object: { type: string; id: string };
      stateHash: string;
      event: Record<string, unknown>;
    };
    return {
      kind: e.kind,
      actor: e.actor,
      object: e.object,
      stateHash: e.stateHash,
      event: e.event,
    };
  });
}

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe.each(backends('release_edits'))('release edits on $name', ({ open }) => {
  it('stores the new release with its author, note and base, the base unchanged', async () => {
    store = await open();
    expect((await saveRelease(store, base)).ok).toBe(true);
    const { release, record } = edited('base-2025-e1');
    const saved = await saveReleaseEdit(store, release, record);
    if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
    expect(saved.value.release).toMatchObject({ id: 'base-2025-e1', itemCount: 1 });
    expect(saved.value.edit).toMatchObject({
      releaseId: 'base-2025-e1',
      baseReleaseId: 'base-2025',
      itemId: 'XL01/测试药',
      author: 'demo-admin',
      note: '成人 = 18 岁及以上',
      publishedOn: '2025-07-01',
    });
    expect(saved.value.edit.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/u);

    expect(await readReleaseEdit(store, 'base-2025-e1')).toEqual(saved.value.edit);
    expect(await readReleaseEdit(store, 'base-2025')).toBeUndefined();
    expect(await listReleaseEdits(store, 'base-2025')).toEqual([saved.value.edit]);
    expect((await listReleases(store)).map((r) => r.id)).toEqual(['base-2025', 'base-2025-e1']);

    const stored = await loadRelease(store, 'base-2025-e1');
    expect(stored?.items[0]?.restrictions).toEqual(release.items[0]?.restrictions);
    expect(stored?.items[0]?.structuring).toBe('complete');
    const old = await loadRelease(store, 'base-2025');
    expect(old?.items[0]?.unparsed).toEqual(['限成人患者']);
    expect(old?.items[0]?.restrictions).toEqual([]);

    // Each release is logged in its own transaction: the import by the system, the edit by its actor.
    expect(await audit(store)).toEqual([
      expect.objectContaining({
        kind: 'catalog.release_imported',
        actor: 'system',
        object: { type: 'catalog_release', id: 'base-2025' },
        stateHash: stateHash(z.encode(catalogReleaseSchema, base)),
      }),
      expect.objectContaining({
        kind: 'catalog.restrictions_edited',
        actor: 'system',
        object: { type: 'catalog_release', id: 'base-2025-e1' },
        stateHash: stateHash(z.encode(catalogReleaseSchema, release)),
      }),
    ]);
    expect((await audit(store))[1]?.event).toMatchObject({
      baseReleaseId: 'base-2025',
      itemId: 'XL01/测试药',
      note: '成人 = 18 岁及以上',
    });
  });

  it('logs an import or a crosswalk by the actor given, and a refused import not at all', async () => {
    store = await open();
    expect((await saveRelease(store, base, { actor: 'demo-admin' })).ok).toBe(true);
    const xw = catalogReleaseSchema.parse({ ...z.encode(catalogReleaseSchema, base), id: 'xw-1' });
    const attached = await saveRelease(store, xw, {
      actor: 'demo-admin',
      kind: 'catalog.crosswalk_attached',
      event: { baseReleaseId: 'base-2025' },
    });
    expect(attached.ok).toBe(true);
    const again = await saveRelease(store, base, { actor: 'someone-else' });
    expect(again.issues.map((i) => [i.code, i.path])).toEqual([['catalog.release_exists', ['id']]]);
    expect(
      (await audit(store)).map((e) => [e.kind, e.actor, e.object.id, e.event['baseReleaseId']]),
    ).toEqual([
      ['catalog.release_imported', 'demo-admin', 'base-2025', undefined],
      ['catalog.crosswalk_attached', 'demo-admin', 'xw-1', 'base-2025'],
    ]);
  });

  it('stores no release when its audit entry cannot be appended (one transaction)', async () => {
    store = await open();
    await store.query('DELETE FROM audit_counter');
    await expect(saveRelease(store, base)).rejects.toThrow(/audit counter/u);
    expect(await loadRelease(store, 'base-2025')).toBeUndefined();
    expect(await listReleases(store)).toEqual([]);
  });

  it('refuses an existing release id and stores nothing of the edit', async () => {
    store = await open();
    await saveRelease(store, base);
    const first = edited('base-2025-e1');
    expect((await saveReleaseEdit(store, first.release, first.record)).ok).toBe(true);
    const again = edited('base-2025-e1');
    const refused = await saveReleaseEdit(store, again.release, {
      ...again.record,
      note: 'second try',
    });
    expect(refused.ok).toBe(false);
    expect(refused.issues.map((i) => [i.code, i.path])).toEqual([
      ['catalog.release_exists', ['id']],
    ]);
    expect((await listReleaseEdits(store, 'base-2025')).map((e) => e.note)).toEqual([
      '成人 = 18 岁及以上',
    ]);
    expect((await audit(store)).map((e) => e.object.id)).toEqual(['base-2025', 'base-2025-e1']);
  });

  it('refuses a record whose base release is not stored, leaving no release behind', async () => {
    store = await open();
    const { release, record } = edited('base-2025-e2');
    await expect(saveReleaseEdit(store, release, record, 'demo-admin')).rejects.toThrow();
    expect(await loadRelease(store, 'base-2025-e2')).toBeUndefined();
    // The entry appended before the record failed is rolled back with the release.
    expect(await audit(store)).toEqual([]);
  });
});
