import { Money, calendarDate, regionCodeSchema } from '@openpayer/domain';
import { describe, expect, it } from 'vitest';
import { nrdl2024 } from '../__fixtures__/nrdl.ts';
import type { CatalogItem } from '../item/item.ts';
import { diffReleases, encodeItemChange, itemChangeSchema } from './diff.ts';
import {
  type CatalogRelease,
  CatalogRegistry,
  catalogReleaseSchema,
  releaseCoversRegion,
} from './release.ts';

const region = (code: string) => regionCodeSchema.parse(code);
const date = calendarDate;

/**
 * A provincial release for Heilongjiang (230000) from 2025-07-01 derived from the national one:
 * one entry out, one new entry in, one class change, one restriction change, one new price and
 * one agreement extended — a dynamic adjustment as an administrator would publish it.
 */
function heilongjiangRelease(): CatalogRelease {
  const national = nrdl2024().release;
  const items: CatalogItem[] = national.items
    .filter((i) => i.name !== '糠甾醇')
    .map((i) => {
      if (i.name === '克霉唑' && i.categoryCode === 'XA01')
        return { ...i, coverageClass: 'A' as const };
      if (i.name === '注射用艾普拉唑钠') {
        return {
          ...i,
          paymentStandard: {
            text: '58.00元(10mg/支)',
            confidential: false,
            parsed: true,
            prices: [{ amount: Money.of('58.00'), unit: '10mg/支' }],
          },
        };
      }
      if (i.name === '安奈拉唑钠肠溶片') {
        return { ...i, agreement: { start: date('2024-01-01'), end: date('2028-01-01') } };
      }
      if (i.name === '氯己定' && i.categoryCode === 'XA01') {
        return {
          ...i,
          restrictionText: '限二级及以上医疗机构。',
          restrictions: [
            {
              kind: 'institution_tier' as const,
              source: 'manual' as const,
              text: '限二级及以上医疗机构',
              minTier: 'secondary' as const,
            },
          ],
          structuring: 'complete' as const,
        };
      }
      return i;
    });
  items.push({
    ...items[0]!,
    id: 'XA01/地方增补示例',
    name: '地方增补示例',
    coverageClass: 'B',
    codes: [],
  });
  return {
    ...national,
    id: 'nrdl-2024-hlj-2025h2',
    title: '黑龙江省药品目录调整（2025年下半年）',
    region: region('230000'),
    effective: { start: date('2025-07-01'), end: null },
    items,
    primaryCareFormulary: null,
    substitutionGroups: [],
  };
}

describe('CatalogRegistry', () => {
  it('answers what the catalog said on a date in a region, most specific release first', () => {
    const national = nrdl2024().release;
    const provincial = heilongjiangRelease();
    const registry = new CatalogRegistry([national, provincial]);
    expect(registry.at(date('2025-03-01'), region('230100'))?.id).toBe('nrdl-2024');
    expect(registry.at(date('2025-08-01'), region('230100'))?.id).toBe('nrdl-2024-hlj-2025h2');
    expect(registry.at(date('2025-08-01'), region('110100'))?.id).toBe('nrdl-2024');
    expect(registry.at(date('2024-06-01'), region('230100'))).toBeUndefined();
    expect(registry.list().map((r) => [r.id, r.itemCount])).toEqual([
      ['nrdl-2024', 3826],
      ['nrdl-2024-hlj-2025h2', 3826],
    ]);
  });

  it('refuses to replace a published release: changes are new releases', () => {
    const registry = new CatalogRegistry([nrdl2024().release]);
    const again = registry.add({ ...nrdl2024().release, title: 'edited' });
    expect(again).toMatchObject({
      ok: false,
      issues: [{ code: 'catalog.release_exists', path: ['id'] }],
    });
    expect(registry.get('nrdl-2024')?.title).toBe(nrdl2024().release.title);
  });

  it('matches a province-wide release to its cities and a city release only to itself', () => {
    const base = { ...nrdl2024().release, items: [] };
    expect(releaseCoversRegion({ ...base, region: region('230000') }, region('230103'))).toBe(true);
    expect(releaseCoversRegion({ ...base, region: region('230100') }, region('230103'))).toBe(true);
    expect(releaseCoversRegion({ ...base, region: region('230100') }, region('230200'))).toBe(
      false,
    );
    expect(releaseCoversRegion({ ...base, region: region('230103') }, region('230104'))).toBe(
      false,
    );
  });
});

describe('diffReleases', () => {
  it('lists added, removed and changed entries with what changed, and counts them', () => {
    const diff = diffReleases(nrdl2024().release, heilongjiangRelease());
    expect(diff.counts).toEqual({
      added: 1,
      removed: 1,
      changed: 4,
      unchanged: 3826 - 1 - 4,
      byChange: {
        class: 1,
        restriction: 1,
        payment_standard: 1,
        agreement_window: 1,
        name: 0,
        codes: 0,
      },
    });
    expect(diff.added.map((i) => i.name)).toEqual(['地方增补示例']);
    expect(diff.removed.map((i) => i.name)).toEqual(['糠甾醇']);
    const price = diff.changed.find((c) => c.name === '注射用艾普拉唑钠');
    expect(price?.changes).toMatchObject([
      {
        kind: 'payment_standard',
        before: { text: '63.00元(10mg/支)', prices: [{ amount: '63.00' }] },
        after: { text: '58.00元(10mg/支)', prices: [{ amount: '58.00' }] },
      },
    ]);
  });

  it('writes each change in the shape its kind names, and reads it back', () => {
    const diff = diffReleases(nrdl2024().release, heilongjiangRelease());
    const wire = JSON.parse(JSON.stringify(diff.changed.map(encodeItemChange))) as unknown;
    const back = itemChangeSchema.array().parse(wire);
    const changes = back.flatMap((c) => c.changes);
    expect(changes.map((c) => c.kind).sort()).toEqual([
      'agreement_window',
      'class',
      'payment_standard',
      'restriction',
    ]);
    const byKind = Object.fromEntries(changes.map((c) => [c.kind, c]));
    const classChange = byKind['class'];
    expect(classChange?.kind === 'class' && classChange.before !== classChange.after).toBe(true);
    expect(byKind['payment_standard']).toMatchObject({
      before: { text: '63.00元(10mg/支)', prices: [{ amount: '63.00', tier: null }] },
      after: { text: '58.00元(10mg/支)', prices: [{ amount: '58.00', tier: null }] },
    });
  });

  it('refuses a change whose before and after do not fit its kind, naming the field', () => {
    const result = itemChangeSchema.safeParse({
      itemId: 'X',
      name: 'x',
      changes: [{ kind: 'class', before: 'A', after: { text: '限…' } }],
    });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['changes.0.after']);
  });

  it('finds nothing between a release and itself', () => {
    const diff = diffReleases(nrdl2024().release, nrdl2024().release);
    expect(diff.counts.changed + diff.counts.added + diff.counts.removed).toBe(0);
  });

  it('finds nothing between an imported release and the same release read back from JSON', () => {
    // The schema builds restriction objects in its own key order, not the importer's.
    const imported = nrdl2024().release;
    const readBack = catalogReleaseSchema.parse(JSON.parse(JSON.stringify(imported)));
    const diff = diffReleases(imported, readBack);
    expect(diff.counts).toMatchObject({ added: 0, removed: 0, changed: 0 });
    expect(diff.counts.unchanged).toBe(imported.items.length);
  });
});
