import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CatalogIndex } from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import { claimSchema } from '@openpayer/domain';
import { parsePolicyText } from '@openpayer/pricing';
import { openStore } from '../src/database.ts';
import { settleAndStore } from '../src/ledger.ts';

const dir = dirname(createRequire(import.meta.url).resolve('@openpayer/pricing/package.json'));
const p = parsePolicyText(
  readFileSync(join(dir, 'data/policies/demo-230100-2025.yaml'), 'utf8'),
  'yaml',
);
if (!p.ok) throw new Error('policy');
const imp = importShippedNrdl2024();
if (!imp.ok) throw new Error('cat');
const catalog = new CatalogIndex(imp.value.release);
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
    institution: { code: 'H23010300012', name: 'x', tier: 'tertiary', region: '230100' },
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
for (const dataDir of [undefined, process.argv[2]]) {
  const store = await openStore(dataDir ? { dataDir } : {});
  const N = 3000;
  const t0 = performance.now();
  const conc = 32;
  let next = 0;
  await Promise.all(
    Array.from({ length: conc }, async () => {
      while (next < N) {
        const i = next++;
        const t = text(i);
        const r = await settleAndStore(store, {
          id: `S-${i}`,
          claim: claimSchema.parse(JSON.parse(t)),
          policy: p.value,
          catalog,
          principal: 'x',
          idempotencyKey: `k${i}`,
          requestText: t,
        });
        if (!r.ok) throw new Error(JSON.stringify(r.issues));
      }
    }),
  );
  const ms = performance.now() - t0;
  console.log(
    dataDir ?? 'memory',
    `${((N / ms) * 1000).toFixed(0)} settlements/s`,
    `${(ms / N).toFixed(3)} ms each`,
  );
  await store.close();
}
