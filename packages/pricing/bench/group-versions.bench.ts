/**
 * DRG grouping speed per grouper version: CHS-DRG 1.0, CHS-DRG 1.1, Beijing 2022 and the Harbin 2024
 * local variant, each on 100,000 records generated from its own tables (Harbin from 1.1's), one
 * core, with traces.
 *   node --expose-gc --import tsx bench/group-versions.bench.ts
 * Prints records/s per core per version.
 */
import { performance } from 'node:perf_hooks';
import { loadGrouperVersion } from '../node/load.ts';
import { generateRecords, groupRecord } from '../src/index.ts';

const COUNT = 100_000;
console.log(
  `node ${process.version}; ${COUNT.toLocaleString('en')} generated records per version, one core`,
);
for (const id of ['chs-drg-1.0', 'chs-drg-1.1', 'chs-drg-1.1-bj-2022', 'harbin-2024']) {
  let t0 = performance.now();
  const loaded = loadGrouperVersion(id);
  if (loaded === undefined || !loaded.ok) throw new Error(`${id} failed to load`);
  const loadMs = performance.now() - t0;
  const tables = loaded.value;
  const source = id === 'harbin-2024' ? loadGrouperVersion('chs-drg-1.1') : loaded;
  if (source === undefined || !source.ok) throw new Error('source');
  const records = [...generateRecords(source.value, COUNT, 42)];
  for (const r of records.slice(0, 5000)) groupRecord(tables, r);
  const statuses = new Map<string, number>();
  t0 = performance.now();
  for (const r of records) {
    const g = groupRecord(tables, r);
    statuses.set(g.status, (statuses.get(g.status) ?? 0) + 1);
  }
  const ms = performance.now() - t0;
  console.log(
    `${id.padEnd(20)} load ${loadMs.toFixed(0).padStart(5)} ms; ${Math.round((COUNT / ms) * 1000)
      .toLocaleString('en')
      .padStart(7)} records/s/core; ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
}
