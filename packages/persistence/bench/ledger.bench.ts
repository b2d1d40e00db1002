import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimSchema } from '@openpayer/domain';
import { openStore } from '../src/database.ts';
import { settleAndStore } from '../src/ledger.ts';
import { claimText } from '../src/__fixtures__/claim.ts';
import { demoPolicyAndCatalog } from '../src/__fixtures__/demo.ts';

/**
 * The settlement ledger without HTTP: 3,000 settlements (5,000 people, a fresh idempotency key
 * each) from 32 concurrent callers, on the embedded database in memory and in a folder — durable
 * (the default: a commit returns once its WAL is on disk) and relaxed (PGlite's fsync off).
 *
 *   pnpm --filter @openpayer/persistence bench
 */
const { policy, catalog } = demoPolicyAndCatalog();

const text = (i: number) =>
  claimText(`C-${i}`, '2000.00', `P-${String(i % 5000).padStart(6, '0')}`);

const N = 3000;
const CONCURRENCY = 32;
const runs = [
  { name: 'PGlite in memory          ', options: {} },
  { name: 'PGlite in a folder, durable', options: { durable: true } },
  { name: 'PGlite in a folder, relaxed', options: { durable: false } },
];
for (const run of runs) {
  const folder = mkdtempSync(join(tmpdir(), 'openpayer-ledger-'));
  const store = await openStore(
    'durable' in run.options ? { dataDir: folder, ...run.options } : run.options,
  );
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < N) {
        const i = next++;
        const t = text(i);
        const r = await settleAndStore(store, {
          id: `S-${i}`,
          claim: claimSchema.parse(JSON.parse(t)),
          policy,
          catalog,
          principal: 'bench',
          idempotencyKey: `k${i}`,
          requestText: t,
        });
        if (!r.ok) throw new Error(JSON.stringify(r.issues));
      }
    }),
  );
  const ms = performance.now() - started;
  process.stdout.write(
    `${run.name}: ${String(Math.round((N / ms) * 1000))} settlements/s (${(ms / N).toFixed(3)} ms each, ${String(CONCURRENCY)} callers)\n`,
  );
  await store.close();
  rmSync(folder, { recursive: true, force: true });
}
