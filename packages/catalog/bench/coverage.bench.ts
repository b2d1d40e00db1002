/**
 * Catalog benchmark: full-list load time and memory, and coverage decisions per second for
 * realistic 15-line claims against the full 2024 list with the rule base.
 *
 *   pnpm --filter @openpayer/catalog bench
 *
 * Prints figures; asserts nothing (targets: ≥ 200,000 line decisions/s per core, load < 2 s).
 */
import { performance } from 'node:perf_hooks';
import { type Claim, type ClaimWire, claimSchema } from '@openpayer/domain';
import { importShippedNrdl2024, readShipped } from '../node/load.ts';
import { CatalogIndex, type CatalogItem, catalogReleaseSchema, decideClaim } from '../src/index.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// 1. Import from the published CSV (parse, structure restrictions, join the rule base).
const heapBefore = heap();
let t0 = performance.now();
const csv = readShipped('nrdlCsv');
const imported = importShippedNrdl2024({ csv });
if (!imported.ok) throw new Error(JSON.stringify(imported.issues.slice(0, 3)));
const importMs = performance.now() - t0;
const { release } = imported.value;

// 2. Load a stored release (what the API does at start: JSON → decoded release → index).
const stored = JSON.stringify(catalogReleaseSchema.encode(release));
t0 = performance.now();
const decoded = catalogReleaseSchema.decode(JSON.parse(stored) as never);
const decodeMs = performance.now() - t0;
t0 = performance.now();
const index = new CatalogIndex(decoded);
const indexMs = performance.now() - t0;
const heapAfter = heap();

// 3. Realistic claims: 15 lines each from real entries — by national code (rule-base codes), by a
// new manufacturer's code of a known generic, by name within the class, and codes not in the list.
const withCodes = decoded.items.filter((i) => i.codes.length > 0);
const all = decoded.items;
// mulberry32: a small deterministic generator, so every run measures the same claims.
let seed = 42;
const rand = (n: number) => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n) | 0;
};
const pick = <T>(list: readonly T[]): T => list[rand(list.length)] as T;
const diagnoses = [
  'C34.900',
  'C50.900',
  'E11.900',
  'I10.x00',
  'K25.900',
  'J44.900',
  'C61.x00',
  'M05.900',
];
function line(i: number, item: CatalogItem) {
  const style = rand(10);
  const code =
    style < 6 && item.codes.length > 0
      ? pick(item.codes)
      : style < 8 && item.codes.length > 0
        ? `${pick(item.codes).slice(0, 10)}A001019999999`.slice(0, 23)
        : style < 9
          ? `${(item.categoryCode ?? 'XA01').padEnd(6, 'A')}Z999A001010100001`.slice(0, 23)
          : 'XZ99ZZZ999A001010100001';
  return {
    id: `L${i}`,
    kind: 'drug' as const,
    code,
    name: item.name,
    quantity: '2',
    unitPrice: '10.00',
    amount: '20.00',
    date: '2025-06-01',
    ...(rand(2) === 0 ? { daysSupply: 7 + rand(20) } : {}),
    ...(rand(3) === 0 ? { lineOfTherapy: 1 + rand(3) } : {}),
  };
}
const claims: Claim[] = [];
for (let c = 0; c < 2000; c++) {
  const lines = Array.from({ length: 15 }, (_, i) =>
    line(i + 1, i % 3 === 0 ? pick(all) : pick(withCodes)),
  );
  const wire: ClaimWire = {
    id: `C-${c}`,
    type: rand(3) === 0 ? 'inpatient' : 'outpatient',
    person: {
      id: `P-${c}`,
      birthDate: rand(5) === 0 ? '2015-03-01' : '1960-03-01',
      sex: rand(2) === 0 ? 'male' : 'female',
      insuranceType: 'employee',
      insuredRegion: '230100',
    },
    institution: {
      code: 'H23010300012',
      name: 'bench',
      tier: (['primary', 'secondary', 'tertiary'] as const)[rand(3)]!,
      region: '230100',
    },
    admissionDate: '2025-06-01',
    ...(rand(3) === 0 ? { dischargeDate: '2025-06-09' } : {}),
    diagnoses: [{ code: pick(diagnoses), role: 'principal' }],
    lines,
    evidence:
      rand(2) === 0
        ? [{ kind: 'biomarker', test: 'EGFR', result: 'positive', date: '2025-05-01' }]
        : [],
    totalAmount: '300.00',
  };
  claims.push(claimSchema.parse(wire));
}

// Warm up, then run for ~3 s.
for (const claim of claims.slice(0, 200)) decideClaim(index, claim);
const outcomes = new Map<string, number>();
let decided = 0;
t0 = performance.now();
let elapsed = 0;
while (elapsed < 3000) {
  for (const claim of claims) {
    for (const { decision } of decideClaim(index, claim)) {
      decided++;
      if (decided <= 30_000)
        outcomes.set(decision.outcome, (outcomes.get(decision.outcome) ?? 0) + 1);
    }
  }
  elapsed = performance.now() - t0;
}

console.log(
  `node ${process.version}, ${release.items.length} entries, ${release.codeRestrictions.length} rule-base codes${gc ? '' : ' (run with --expose-gc for exact heap figures)'}`,
);
console.log(`import from CSV (parse + structure + rule base): ${importMs.toFixed(0)} ms`);
console.log(
  `load stored release: decode ${decodeMs.toFixed(0)} ms + index ${indexMs.toFixed(0)} ms = ${(decodeMs + indexMs).toFixed(0)} ms`,
);
console.log(
  `heap held by imported + decoded releases and index: ${mb(heapAfter - heapBefore)}; RSS ${mb(process.memoryUsage().rss)}`,
);
console.log(
  `coverage: ${decided.toLocaleString('en')} line decisions in ${elapsed.toFixed(0)} ms = ${Math.round((decided / elapsed) * 1000).toLocaleString('en')} lines/s = ${Math.round((decided / 15 / elapsed) * 1000).toLocaleString('en')} 15-line claims/s (one core)`,
);
console.log(`outcome mix (first 30,000 lines): ${JSON.stringify(Object.fromEntries(outcomes))}`);
