import { type CatalogRelease, catalogReleaseSchema } from '@openpayer/catalog';
import { importShippedNrdl2024, readShipped } from '@openpayer/catalog/node';
import { z } from 'zod';
import { createApp } from '../src/app.ts';
import { openServices } from '../src/bootstrap.ts';

/**
 * Memory over repeated catalog imports (the probe: RSS grew 418 MB → 1.7 GB over 100 imports of a
 * small release). Builds the app over the embedded in-memory database seeded with the demo data,
 * imports a small release (`ITEMS` entries of the shipped 2024 list, 200 by default) `COUNT` times
 * (100) under fresh ids through `POST /v1/catalog/releases`, and prints heap and RSS after a forced
 * GC every 10 imports.
 *
 *   node --expose-gc --import tsx bench/catalog-import-memory.ts
 *   ITEMS=3826 COUNT=50 node --expose-gc --import tsx bench/catalog-import-memory.ts
 *   FORMAT=csv node --expose-gc --import tsx bench/catalog-import-memory.ts
 *   READ=1 FORMAT=csv node --expose-gc --import tsx bench/catalog-import-memory.ts
 */
const ITEMS = Number(process.env['ITEMS'] ?? 200);
/** `release` (a release document) or `csv` (the first ITEMS rows of the shipped NRDL CSV, rule base on). */
const FORMAT = process.env['FORMAT'] ?? 'release';
const COUNT = Number(process.env['COUNT'] ?? 100);
const EVERY = Number(process.env['EVERY'] ?? 10);
/** READ=1: after each import, look an item up in it (so every release's index gets built). */
const READ = process.env['READ'] === '1';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  process.stderr.write('run node with --expose-gc for meaningful figures\n');
}
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
};
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
const report = async (imported: number, ms: number) => {
  await settle();
  const m = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({ imported, heapUsedMB: mb(m.heapUsed), rssMB: mb(m.rss), externalMB: mb(m.external), arrayBuffersMB: mb(m.arrayBuffers), ms })}\n`,
  );
};

const shipped = importShippedNrdl2024();
if (!shipped.ok) throw new Error('shipped catalog');
const full = shipped.value.release;
const items = full.items.slice(0, ITEMS);
const codes = new Set(items.flatMap((i) => i.codes));
const small: CatalogRelease = {
  ...full,
  items,
  codeRestrictions: full.codeRestrictions.filter((r) => codes.has(r.code)),
  primaryCareFormulary: null,
  substitutionGroups: [],
};
const wire = z.encode(catalogReleaseSchema, small);
const csv = readShipped('nrdlCsv')
  .split('\n')
  .slice(0, ITEMS + 1)
  .join('\n');
const body = (n: number) => {
  const header = {
    id: `bench-${n}`,
    title: `bench ${n}`,
    region: null,
    effective: { start: `2030-01-${String((n % 28) + 1).padStart(2, '0')}`, end: null },
    publishedOn: '2029-12-01',
    source: 'bench',
  };
  return JSON.stringify(
    FORMAT === 'csv'
      ? { format: 'nrdl-csv', csv, release: header }
      : { format: 'release', release: { ...wire, ...header } },
  );
};
const wireBytes = body(0).length;

const { services, store, seed } = await openServices({
  now: () => new Date('2025-07-01T08:00:00Z'),
});
const key = seed?.keys['demo-admin'];
if (key === undefined) throw new Error('no admin key');
const app = createApp({ services, rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } });
process.stdout.write(
  `${JSON.stringify({ format: FORMAT, read: READ, items: items.length, bodyKB: Math.round(wireBytes / 1024), count: COUNT })}\n`,
);

await report(0, 0);
let started = performance.now();
for (let n = 1; n <= COUNT; n++) {
  const res = await app.request('/v1/catalog/releases', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body(n),
  });
  if (res.status !== 201) throw new Error(`import ${n}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  if (READ) {
    const read = await app.request(`/v1/catalog/releases/bench-${n}/items?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    if (read.status !== 200) throw new Error(`read ${n}: ${read.status}`);
    await read.arrayBuffer();
  }
  if (n % EVERY === 0) {
    await report(n, Math.round(performance.now() - started));
    started = performance.now();
  }
}
process.stdout.write(`${JSON.stringify({ cachedCatalogs: services.cachedCatalogs() })}\n`);
await store.close();
