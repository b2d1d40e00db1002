/**
 * DRG grouping benchmark: CHS-DRG 1.0 national tables, 100,000 generated records (random real
 * diagnoses, severity codes and procedures, both sexes, newborns to elderly), one core.
 *   pnpm --filter @openpayer/pricing bench:group
 * Prints figures (target ≥ 25,000 records/s per core).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  DRG_TABLE_FILES,
  type DrgTableFile,
  generateRecords,
  groupRecord,
  loadGrouperTables,
} from '../src/index.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const before = heap();
let t0 = performance.now();
const files = Object.fromEntries(
  DRG_TABLE_FILES.map((f) => [
    f,
    readFileSync(new URL(`../data/chs-drg-1.0/${f}`, import.meta.url), 'utf8'),
  ]),
) as Record<DrgTableFile, string>;
const loaded = loadGrouperTables('CHS-DRG 1.0', files);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues.slice(0, 3)));
const loadMs = performance.now() - t0;
const tables = loaded.value;
const tablesHeap = heap() - before;

const records = [...generateRecords(tables, 100_000, 42)];
for (const r of records.slice(0, 5000)) groupRecord(tables, r);
const statuses = new Map<string, number>();
t0 = performance.now();
for (const r of records) {
  const g = groupRecord(tables, r);
  statuses.set(g.status, (statuses.get(g.status) ?? 0) + 1);
}
const ms = performance.now() - t0;
console.log(
  `node ${process.version}; tables loaded and validated in ${loadMs.toFixed(0)} ms; heap held by the tables ${(tablesHeap / 1024 / 1024).toFixed(1)} MB`,
);
console.log(
  `grouped 100,000 records in ${ms.toFixed(0)} ms = ${Math.round((100_000 / ms) * 1000).toLocaleString('en')} records/s (one core, with traces)`,
);
console.log(
  `statuses: ${JSON.stringify(Object.fromEntries(statuses))}; RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`,
);
