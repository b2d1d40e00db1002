import { randomBytes } from 'node:crypto';
import { type CatalogRelease, catalogReleaseSchema } from '@openpayer/catalog';
import {
  importShippedNrdl2024,
  loadDemoApprovalPolicy,
  readShipped,
} from '@openpayer/catalog/node';
import type { CalendarDate, RegionCode } from '@openpayer/domain';
import { type Store, openStore, saveRelease } from '@openpayer/persistence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServices, createServices } from './services.ts';

/** The services' in-memory release indexes are bounded, and an evicted release loads again. */

let store: Store;
let wire: ReturnType<typeof baseWire>;

function baseWire() {
  // The first rows of the shipped list, without the rule base: a small release.
  const csv = readShipped('nrdlCsv').split('\n').slice(0, 13).join('\n');
  const imported = importShippedNrdl2024({ csv, ruleBase: false });
  if (!imported.ok) throw new Error(JSON.stringify(imported.issues.slice(0, 3)));
  return catalogReleaseSchema.encode(imported.value.release);
}

const release = (id: string, start: string): CatalogRelease =>
  catalogReleaseSchema.parse({
    ...wire,
    id,
    title: id,
    region: null,
    effective: { start, end: null },
  });

/** Stores a release and tells the services, as the import route does. */
async function add(services: ApiServices, r: CatalogRelease): Promise<void> {
  const saved = await saveRelease(store, r);
  if (!saved.ok) throw new Error(saved.issues[0]?.message);
  services.releaseAdded(r);
}

const services = (catalogCacheSize?: number) =>
  createServices({
    store,
    approvalPolicy: loadDemoApprovalPolicy(),
    randomHex: (bytes) => randomBytes(bytes).toString('hex'),
    ...(catalogCacheSize === undefined ? {} : { catalogCacheSize }),
  });

const DAY = '2025-07-01' as CalendarDate;
const REGION = '230100' as RegionCode;

beforeAll(async () => {
  store = await openStore();
  wire = baseWire();
  // The release in force on DAY; the later ones below start in 2030.
  await add(services(), release('in-force', '2025-01-01'));
  const importer = services();
  for (let n = 1; n <= 20; n++) await add(importer, release(`later-${n}`, '2030-01-01'));
}, 60_000);
afterAll(() => store.close());

describe('catalog indexes held by the services', () => {
  it('importing keeps no index; reading 20 releases keeps at most the bound', async () => {
    const s = services();
    await add(s, release('fresh', '2031-01-01'));
    expect(s.cachedCatalogs()).toBe(0);
    for (let n = 1; n <= 20; n++) {
      expect((await s.catalog(`later-${n}`))?.release.id).toBe(`later-${n}`);
      expect(s.cachedCatalogs()).toBeLessThanOrEqual(8);
    }
    expect(s.cachedCatalogs()).toBe(8);
    // The release in force is held apart from those: at most twice the bound in all.
    expect((await s.catalogAt(DAY, REGION))?.release.id).toBe('in-force');
    expect(s.cachedCatalogs()).toBe(9);
    for (let n = 1; n <= 20; n++) await s.catalog(`later-${n}`);
    expect(s.cachedCatalogs()).toBe(9);
  });

  it('the release in force is not pushed out by look-ups of others', async () => {
    const s = services(2);
    const first = await s.catalogAt(DAY, REGION);
    for (let n = 1; n <= 20; n++) await s.catalog(`later-${n}`);
    expect(await s.catalogAt(DAY, REGION)).toBe(first);
    expect(await s.catalog('in-force')).toBe(first);
    expect(s.cachedCatalogs()).toBe(3);
  });

  it('a release dropped from the cache is loaded again, the same', async () => {
    const s = services(2);
    const before = await s.catalog('later-1');
    expect(before).toBeDefined();
    for (let n = 2; n <= 5; n++) await s.catalog(`later-${n}`);
    const again = await s.catalog('later-1');
    expect(again).not.toBe(before); // a fresh index from the database
    expect(again?.release).toEqual(before?.release);
    expect(again?.release).toEqual(release('later-1', '2030-01-01'));
    const [item] = before?.items() ?? [];
    expect(item).toBeDefined();
    expect(again?.item(item?.id ?? '')).toEqual(item);
    expect(again?.size).toBe(before?.size);
    // Used again, it is held again.
    expect(await s.catalog('later-1')).toBe(again);
  });

  it('an unknown release is not remembered: imported later, it is found', async () => {
    const s = services();
    expect(await s.catalog('not-yet')).toBeUndefined();
    expect(s.cachedCatalogs()).toBe(0);
    await add(s, release('not-yet', '2032-01-01'));
    expect((await s.catalog('not-yet'))?.release.id).toBe('not-yet');
  });
});
