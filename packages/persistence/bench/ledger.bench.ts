import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CatalogIndex } from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import { claimSchema } from '@openpayer/domain';
import { parsePolicyText } from '@openpayer/pricing';
import { openStore } from '../src/database.ts';
import { settleAndStore } from '../src/ledger.ts';

/**
 * The settlement ledger without HTTP: 3,000 settlements (5,000 people, a fresh idempotency key
 * each) from 32 concurrent callers, on the embedded database in memory and in a folder.
 *
 *   pnpm --filter @openpayer/persistence bench
 */
const dir = dirname(createRequire(import.meta.url).resolve('@openpayer/pricing/package.json'));
const policy = parsePolicyText(
  readFileSync(join(dir, 'data/policies/demo-230100-2025.yaml'), 'utf8'),
  'yaml',
);
if (!policy.ok) throw new Error('demo policy');
const imported = importShippedNrdl2024();
if (!imported.ok) throw new Error('catalog');
const catalog = new CatalogIndex(imported.value.release);

const text = (i: number) =>
  JSON.stringify({
    id: `C-${i}`,
    type: 'inpatient',
    person: {
      id: `P-${String(i % 5000).padStart(6, '0')}`,
      birthDate: '1962-08-19',
      sex: 'male',
      insuranceType: 'employee',
      insuredRegion: '230100',
    },
    institution: {
      code: 'H23010300012',
      name: '哈尔滨示范三级医院',
      tier: 'tertiary',
      region: '230100',
    },
    admissionDate: '2025-06-09',
    dischargeDate: '2025-06-15',
    diagnoses: [{ code: 'C34.900', role: 'principal' }],
    lines: [
      {
        id: 'L1',
        kind: 'drug',
        code: 'XC04ABF039A001010100141',
        name: '酚妥拉明注射剂',
        quantity: '1',
        unitPrice: '2000.00',
        amount: '2000.00',
        date: '2025-06-10',
      },
    ],
    totalAmount: '2000.00',
  });

const N = 3000;
const CONCURRENCY = 32;
const folder = mkdtempSync(join(tmpdir(), 'openpayer-ledger-'));
for (const dataDir of [undefined, folder]) {
  const store = await openStore(dataDir === undefined ? {} : { dataDir });
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
          policy: policy.value,
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
    `${dataDir === undefined ? 'PGlite in memory ' : 'PGlite in a folder'}: ${String(Math.round((N / ms) * 1000))} settlements/s (${(ms / N).toFixed(3)} ms each, ${String(CONCURRENCY)} callers)\n`,
  );
  await store.close();
}
rmSync(folder, { recursive: true, force: true });
