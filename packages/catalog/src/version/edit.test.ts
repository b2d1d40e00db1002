import { calendarDate } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { nrdl2024 } from '../__fixtures__/nrdl.ts';
import type { CatalogItem } from '../item/item.ts';
import { CatalogIndex } from '../lookup/catalog-index.ts';
import type { Restriction } from '../restrictions/restriction.ts';
import { type RestrictionEditWire, editRestrictions, structuringOf } from './edit.ts';
import { type CatalogRelease, CatalogRegistry, catalogReleaseSchema } from './release.ts';

const base = (): CatalogRelease => nrdl2024().release;
const publishedOn = calendarDate('2025-07-01');

/** An entry the importer read only in part: the case an administrator finishes by hand. */
function partlyRead(): CatalogItem {
  const item = base().items.find(
    (i) => i.structuring === 'partial' && i.restrictions.length > 0 && i.unparsed.length > 0,
  );
  if (item === undefined) throw new Error('the 2024 list has no partly structured entry');
  return item;
}

const adultsOnly: Restriction = {
  kind: 'age',
  source: 'manual',
  text: '成人',
  minYears: 18,
};

function edit(item: CatalogItem, overrides: Partial<RestrictionEditWire> = {}) {
  return {
    releaseId: 'nrdl-2024-e1',
    effectiveFrom: '2025-08-01',
    note: 'lead-in clause read by hand',
    restrictions: [...item.restrictions, adultsOnly],
    indications: item.indications,
    unparsed: [],
    ...overrides,
  } satisfies RestrictionEditWire;
}

const context = (itemId: string) => ({
  base: base(),
  itemId,
  author: 'demo-admin',
  publishedOn,
});

describe('editRestrictions', () => {
  it('publishes a new dated release with only that item changed, the base untouched', () => {
    const item = partlyRead();
    const before = JSON.stringify(catalogReleaseSchema.encode(base()));
    const result = editRestrictions(context(item.id), edit(item));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const { release, record, diff } = result.value;

    expect(release.id).toBe('nrdl-2024-e1');
    expect(release.effective).toEqual({ start: '2025-08-01', end: base().effective.end });
    expect(release.publishedOn).toBe('2025-07-01');
    expect(release.source).toContain('demo-admin');
    expect(release.items).toHaveLength(base().items.length);
    const edited = release.items.find((i) => i.id === item.id);
    expect(edited?.restrictions.at(-1)).toEqual(adultsOnly);
    expect(edited?.unparsed).toEqual([]);
    expect(edited?.structuring).toBe('complete');
    expect(edited?.restrictionText).toBe(item.restrictionText);

    expect(record).toEqual({
      releaseId: 'nrdl-2024-e1',
      baseReleaseId: base().id,
      itemId: item.id,
      author: 'demo-admin',
      note: 'lead-in clause read by hand',
      publishedOn: '2025-07-01',
    });
    expect(diff.counts.changed).toBe(1);
    expect(diff.counts.added + diff.counts.removed).toBe(0);
    expect(diff.changed[0]?.itemId).toBe(item.id);
    expect(diff.changed[0]?.changes.map((c) => c.kind)).toEqual(['restriction']);

    // The past is not edited: the base release reads as before, and is still stored alongside.
    expect(JSON.stringify(catalogReleaseSchema.encode(base()))).toBe(before);
    expect(base().items.find((i) => i.id === item.id)?.unparsed).toEqual(item.unparsed);
    expect(catalogReleaseSchema.safeParse(catalogReleaseSchema.encode(release)).success).toBe(true);
  });

  it('is what the registry answers from the new start, and the base before it', () => {
    const item = partlyRead();
    const result = editRestrictions(context(item.id), edit(item));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const registry = new CatalogRegistry([base(), result.value.release]);
    const region = '230100' as never;
    expect(registry.at(calendarDate('2025-07-31'), region)?.id).toBe(base().id);
    expect(registry.at(calendarDate('2025-08-01'), region)?.id).toBe('nrdl-2024-e1');
    const index = new CatalogIndex(result.value.release);
    expect(index.item(item.id)?.restrictions).toContainEqual(adultsOnly);
  });

  it('names the item when the base release has no such item', () => {
    const result = editRestrictions(context('XX00/不存在的药'), edit(partlyRead()));
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['catalog.item_not_found', ['itemId']],
    ]);
  });

  it('refuses a start on or before the base release’s start, or not after publication', () => {
    const item = partlyRead();
    const start = base().effective.start;
    const onBase = editRestrictions(
      { ...context(item.id), publishedOn: calendarDate('2000-01-01') },
      edit(item, { effectiveFrom: start }),
    );
    expect(onBase.issues.map((i) => [i.code, i.path])).toEqual([
      ['catalog.edit_effective_not_after_base', ['effectiveFrom']],
    ]);
    const sameDay = editRestrictions(context(item.id), edit(item, { effectiveFrom: '2025-07-01' }));
    expect(sameDay.issues.map((i) => i.code)).toEqual(['catalog.edit_retroactive']);
  });

  it('refuses a start at or after the base release’s end', () => {
    const item = partlyRead();
    const ended = {
      ...base(),
      effective: { ...base().effective, end: calendarDate('2025-09-01') },
    };
    const result = editRestrictions(
      { ...context(item.id), base: ended },
      edit(item, { effectiveFrom: '2025-09-01' }),
    );
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['catalog.edit_effective_after_base_end', ['effectiveFrom']],
    ]);
  });

  it('refuses to edit a release that a later one of its region already replaces', () => {
    const item = partlyRead();
    const later = {
      id: 'nrdl-2024-e0',
      title: 'earlier edit',
      region: base().region,
      effective: { start: calendarDate('2025-07-15'), end: null },
      publishedOn,
      source: 'test',
      itemCount: 1,
    };
    const result = editRestrictions({ ...context(item.id), others: [later] }, edit(item));
    expect(result.issues.map((i) => [i.code, i.data?.['releaseId']])).toEqual([
      ['catalog.edit_base_superseded', 'nrdl-2024-e0'],
    ]);
  });

  it('refuses a new release id another stored release has', () => {
    const item = partlyRead();
    const taken = {
      id: 'nrdl-2024-e1',
      title: 'another',
      region: '110000' as never,
      effective: { start: calendarDate('2031-01-01'), end: null },
      publishedOn,
      source: 'test',
      itemCount: 0,
    };
    const result = editRestrictions({ ...context(item.id), others: [taken] }, edit(item));
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['catalog.release_exists', ['releaseId']],
    ]);
  });

  it('names an invalid restriction field with the schema’s issue', () => {
    const item = partlyRead();
    const result = editRestrictions(
      context(item.id),
      edit(item, {
        restrictions: [{ kind: 'age', source: 'manual', text: '成人', minYears: -3 }],
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.path).toEqual(['restrictions', 0, 'minYears']);
    expect(result.issues[0]?.code).toMatch(/^schema\./u);
  });

  it('requires source "manual" on a restriction the importer did not read that way', () => {
    const item = partlyRead();
    const result = editRestrictions(
      context(item.id),
      edit(item, { restrictions: [...item.restrictions, { ...adultsOnly, source: 'nrdl' }] }),
    );
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['catalog.edit_source_not_manual', ['restrictions', item.restrictions.length, 'source']],
    ]);
  });

  it('refuses an edit that changes nothing, and a new id equal to the base’s', () => {
    const item = partlyRead();
    const result = editRestrictions(
      context(item.id),
      edit(item, {
        releaseId: base().id,
        restrictions: item.restrictions,
        unparsed: item.unparsed,
      }),
    );
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['catalog.release_exists', ['releaseId']],
      ['catalog.edit_no_change', ['restrictions']],
    ]);
  });
});

describe('structuringOf', () => {
  it('reads the state from what is structured and what is left', () => {
    expect(structuringOf(null, [], [], [])).toBe('none_needed');
    expect(structuringOf('限成人', [adultsOnly], [], [])).toBe('complete');
    expect(structuringOf('限成人，首次处方', [adultsOnly], [], ['首次处方'])).toBe('partial');
    expect(structuringOf('首次处方', [], [], ['首次处方'])).toBe('unparsed');
  });
});
