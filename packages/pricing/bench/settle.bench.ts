/**
 * Settlement benchmark: a realistic 15-line inpatient claim with every layer active (deductible,
 * bands, class-B first self-pay, payment-standard excess, critical illness, medical assistance,
 * commercial supplementary), against the full 2024 catalog.
 *
 *   pnpm --filter @openpayer/pricing bench
 *
 * Prints figures; asserts nothing (target ≥ 20,000 claims/s per core).
 */
import { performance } from 'node:perf_hooks';
import { CatalogIndex } from '@openpayer/catalog';
import { importShippedNrdl2024 } from '@openpayer/catalog/node';
import { type ClaimWire, claimSchema } from '@openpayer/domain';
import { readFileSync } from 'node:fs';
import {
  type PolicyWire,
  accumulatorsSchema,
  encodeSettlement,
  loadPolicy,
  settle,
} from '../src/index.ts';

const imported = importShippedNrdl2024();
if (!imported.ok) throw new Error('import failed');
const catalog = new CatalogIndex(imported.value.release);
const wire = JSON.parse(
  readFileSync(new URL('../data/policies/demo-230100-2025.json', import.meta.url), 'utf8'),
) as PolicyWire;
wire.parameters.commercial = [
  {
    from: '2025-01-01',
    value: { deductible: '2000.00', ratio: '0.8', coversSelfPay: true, annualCap: '1000000.00' },
  },
];
const loaded = loadPolicy(wire);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const policy = loaded.value;

const items = [
  ['XC04ABF039A001010100141', '酚妥拉明注射剂', '20.00'],
  ['XB05BAF705B002010101949', '复方氨基酸注射液(18AA-Ⅴ-SF)', '100.00'],
  ['XC01EBC109B001010102049', '注射用重组人脑利钠肽', '450.00'],
  ['XL01XXZ999A001010100001', '目录外抗肿瘤药', '800.00'],
  ['XJ01CAA040A001010100001', '阿莫西林', '3.50'],
] as const;
const lines = Array.from({ length: 15 }, (_, i) => {
  const [code, name, price] = items[i % items.length]!;
  const quantity = 1 + (i % 4);
  const amount = (Number(price.replace('.', '')) * quantity) / 100;
  return {
    id: `L${String(i + 1).padStart(2, '0')}`,
    kind: 'drug' as const,
    code,
    name,
    quantity: String(quantity),
    unitPrice: price,
    amount: amount.toFixed(2),
    date: '2025-06-10',
    ...(code.startsWith('XC01EB') ? { daysSupply: 3 } : {}),
  };
});
const total = lines.reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
const claimWire: ClaimWire = {
  id: 'C-BENCH-1',
  type: 'inpatient',
  person: {
    id: 'P-1',
    birthDate: '1960-01-01',
    sex: 'male',
    insuranceType: 'resident',
    insuredRegion: '230100',
    categories: ['low_income'],
  },
  institution: { code: 'H23010300012', name: 'bench', tier: 'tertiary', region: '230100' },
  admissionDate: '2025-06-09',
  dischargeDate: '2025-06-15',
  diagnoses: [{ code: 'I50.900', role: 'principal' }],
  lines,
  totalAmount: `${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}`,
};
const claim = claimSchema.parse(claimWire);
const accumulators = accumulatorsSchema.parse({
  personId: 'P-1',
  year: 2025,
  deductibleUsed: '0.00',
  admissions: 0,
  fundPaid: '0.00',
  criticalIllnessBase: '20000.00',
  criticalIllnessPaid: '0.00',
  assistancePaid: '0.00',
  commercialDeductibleUsed: '0.00',
  commercialPaid: '0.00',
});

const first = settle(claim, { policy, catalog, accumulators });
if (!first.ok) throw new Error(JSON.stringify(first.issues));
const s = first.value;
const active = Object.entries(encodeSettlement(s).payers).filter(([, v]) => v !== '0.00');
for (let i = 0; i < 2000; i++) settle(claim, { policy, catalog, accumulators });

let n = 0;
const t0 = performance.now();
let elapsed = 0;
while (elapsed < 3000) {
  for (let i = 0; i < 1000; i++) settle(claim, { policy, catalog, accumulators });
  n += 1000;
  elapsed = performance.now() - t0;
}
let encoded = 0;
const t1 = performance.now();
for (let i = 0; i < 5000; i++) encoded += JSON.stringify(encodeSettlement(s)).length;
const encodeMs = performance.now() - t1;

console.log(
  `node ${process.version}; claim total ${claimWire.totalAmount}, 15 lines; payers: ${active.map(([k, v]) => `${k} ${v}`).join(', ')}`,
);
console.log(
  `settle: ${n.toLocaleString('en')} claims in ${elapsed.toFixed(0)} ms = ${Math.round((n / elapsed) * 1000).toLocaleString('en')} claims/s (one core)`,
);
console.log(
  `encode to wire JSON: ${Math.round((5000 / encodeMs) * 1000).toLocaleString('en')} settlements/s (${Math.round(encoded / 5000)} bytes each)`,
);
console.log(`heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MB`);
