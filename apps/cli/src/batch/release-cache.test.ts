import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { catalogReleaseSchema } from '@openpayer/catalog';
import { shippedDataPath } from '@openpayer/catalog/node';
import { afterAll, describe, expect, it } from 'vitest';
import { type CatalogText, catalogFromText } from '../sources.ts';
import { cacheArea } from './cache.ts';
import { cachedImport } from './release-cache.ts';

const CSV_FILE = shippedDataPath('nrdl-2024', 'nrdl_2024.csv');
const CSV = readFileSync(CSV_FILE, 'utf8');
const AREA = cacheArea('openpayer-catalogs');
// A bundle name of this run only: the cache entries it makes are this test's.
const BUNDLE = `test-worker-${randomBytes(8).toString('hex')}`;
const DATA_BUNDLE = `test-worker-${randomBytes(8).toString('hex')}`;
const entriesOf = (bundle: string) =>
  readdirSync(AREA).filter((name) => name.startsWith(`${bundle}-`));
const mine = () => entriesOf(BUNDLE);

/** The importer, counting its calls. */
function counted(csv: string) {
  const calls = { count: 0 };
  const importCsv = (): CatalogText => {
    calls.count++;
    return catalogFromText(CSV_FILE, csv);
  };
  return { calls, importCsv };
}

const wire = (read: CatalogText) => {
  if (!read.ok) throw new Error(`not imported: ${read.kind}`);
  return JSON.stringify(catalogReleaseSchema.encode(read.release));
};

afterAll(() => {
  for (const name of [...mine(), ...entriesOf(DATA_BUNDLE)]) {
    rmSync(path.join(AREA, name), { force: true });
  }
});

describe('cachedImport', () => {
  it('imports once per CSV and bundle, then decodes the same release from the cache', () => {
    const first = counted(CSV);
    const imported = cachedImport(CSV, first.importCsv, BUNDLE);
    expect(first.calls.count).toBe(1);
    expect(mine()).toHaveLength(1);
    const again = counted(CSV);
    const cached = cachedImport(CSV, again.importCsv, BUNDLE);
    expect(again.calls.count).toBe(0);
    expect(wire(cached)).toBe(wire(imported));
    // Another bundle (another importer) imports for itself.
    const other = counted(CSV);
    cachedImport(CSV, other.importCsv, undefined);
    expect(other.calls.count).toBe(1);
  });

  it('imports again when the shipped data the import reads has changed', () => {
    const data = (dictionary: string) => () => ['settings', dictionary, 'rule base'];
    const bundle = DATA_BUNDLE;
    const first = counted(CSV);
    cachedImport(CSV, first.importCsv, bundle, data('dictionary v1'));
    const same = counted(CSV);
    cachedImport(CSV, same.importCsv, bundle, data('dictionary v1'));
    const edited = counted(CSV);
    cachedImport(CSV, edited.importCsv, bundle, data('dictionary v2'));
    expect([first.calls.count, same.calls.count, edited.calls.count]).toEqual([1, 0, 1]);
  });

  it('imports again when the cached file does not decode, and never keeps a failed import', () => {
    const [entry] = mine();
    expect(entry).toBeDefined();
    writeFileSync(path.join(AREA, entry ?? ''), '{"not":"a release"}');
    const broken = counted(CSV);
    const read = cachedImport(CSV, broken.importCsv, BUNDLE);
    expect(broken.calls.count).toBe(1);
    expect(read.ok).toBe(true);
    // The damaged file is dropped, and written afresh by the next import.
    expect(mine()).toHaveLength(0);
    const next = counted(CSV);
    cachedImport(CSV, next.importCsv, BUNDLE);
    expect(next.calls.count).toBe(1);
    expect(mine()).toHaveLength(1);

    const bad = `${CSV.split('\n')[0] ?? ''}\nnot,a,row,of,the,list\n`;
    const refused = counted(bad);
    const result = cachedImport(bad, refused.importCsv, BUNDLE);
    expect(result.ok).toBe(false);
    expect(refused.calls.count).toBe(1);
    expect(mine()).toHaveLength(1);
  });
});
